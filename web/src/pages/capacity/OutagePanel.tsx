import { useMemo, useState } from 'react';
import { detailOf } from '../../api/http.js';
import { permission } from '../../api/permissions.js';
import {
  type ItemRisk,
  type OutageRequest,
  type OutageResult,
  type RiskResult,
  runOutage,
} from '../../api/useCapacity.js';
import { useLookups } from '../../api/useLookups.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { formatCount, formatDay } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { regionName } from '../lists/names.js';
import { countryName, formatMonth, formatShare, inUnit, MONTH_PATTERN } from './capacityWords.js';
import { Scroll } from './Scroll.js';

type Kind = 'country' | 'plant';

/** Months the scenario looks ahead, as the forecast does. */
const HORIZON = 24;

/** The countries and plants an outage can stop: every supplier's and every line's, sorted. */
function choices(risk: RiskResult) {
  const countries = new Set<string>();
  const plants = new Set<string>();
  const inputs = new Map<string, { code: string; name: string; countries: Set<string> }>();
  for (const entry of risk.items) {
    for (const line of entry.production_lines) {
      countries.add(line.country_code);
      if (line.plant) plants.add(line.plant);
    }
    for (const input of entry.inputs) {
      const known = inputs.get(input.code) ?? { code: input.code, name: input.name, countries: new Set() };
      for (const supplier of input.suppliers) {
        countries.add(supplier.country_code);
        known.countries.add(supplier.country_code);
        if (supplier.plant) plants.add(supplier.plant);
      }
      inputs.set(input.code, known);
    }
  }
  return {
    countries: [...countries].sort((a, b) => countryName(a).localeCompare(countryName(b))),
    plants: [...plants].sort((a, b) => a.localeCompare(b)),
    inputs: [...inputs.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

type RunState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly result: OutageResult }
  | { readonly phase: 'failed'; readonly detail: string };

/** Runs an outage scenario — a country (or one input from it) or a plant stops — and shows what is left. */
export function OutagePanel({
  risk,
  month,
  itemLabel,
}: {
  risk: RiskResult;
  month: string;
  itemLabel: (item: ItemRisk['item']) => string;
}) {
  const t = useT();
  const session = useSession().state;
  const allowed = permission(session, 'run-outage');
  const options = useMemo(() => choices(risk), [risk]);
  const [kind, setKind] = useState<Kind>('country');
  const [country, setCountry] = useState('');
  const [material, setMaterial] = useState('');
  const [plant, setPlant] = useState('');
  const [from, setFrom] = useState('');
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const [missing, setMissing] = useState(false);
  const inputsOfCountry = options.inputs.filter((input) => input.countries.has(country));

  async function run() {
    const chosen = kind === 'country' ? country : plant;
    if (!chosen) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const request: OutageRequest = {
      as_of: month,
      months: HORIZON,
      from: MONTH_PATTERN.test(from) ? from : month,
      ...(kind === 'country'
        ? { country_code: country, ...(material ? { material_code: material } : {}) }
        : { plant }),
    };
    setState({ phase: 'running' });
    try {
      setState({ phase: 'done', result: await runOutage(request) });
    } catch (error) {
      setState({ phase: 'failed', detail: detailOf(error) });
    }
  }

  return (
    <section className="capacity__section" aria-labelledby="capacity-outage-title">
      <h3 id="capacity-outage-title">{t('capacity.outage.title')}</h3>
      <p>{t('capacity.outage.intro')}</p>
      <ActionGate permission={allowed} label={t('capacity.outage.run')}>
        <form
          className="record-form capacity__outage-form"
          aria-labelledby="capacity-outage-title"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <fieldset className="capacity__kind">
            <legend>{t('capacity.outage.whatStops')}</legend>
            <label>
              <input
                type="radio"
                name="outage-kind"
                value="country"
                checked={kind === 'country'}
                onChange={() => setKind('country')}
              />{' '}
              {t('capacity.outage.kindCountry')}
            </label>
            <label>
              <input
                type="radio"
                name="outage-kind"
                value="plant"
                checked={kind === 'plant'}
                onChange={() => setKind('plant')}
              />{' '}
              {t('capacity.outage.kindPlant')}
            </label>
          </fieldset>
          <div className="record-form__row">
            {kind === 'country' ? (
              <>
                <div className={`form-field${missing ? ' form-field--invalid' : ''}`}>
                  <label htmlFor="outage-country">{t('capacity.outage.country')}</label>
                  <select
                    id="outage-country"
                    value={country}
                    aria-invalid={missing}
                    aria-describedby={missing ? 'outage-missing' : undefined}
                    onChange={(event) => {
                      setCountry(event.target.value);
                      setMaterial('');
                    }}
                  >
                    <option value="">{t('capacity.outage.chooseCountry')}</option>
                    {options.countries.map((code) => (
                      <option key={code} value={code}>
                        {countryName(code)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="form-field">
                  <label htmlFor="outage-input">{t('capacity.outage.input')}</label>
                  <select
                    id="outage-input"
                    value={material}
                    disabled={country === ''}
                    onChange={(event) => setMaterial(event.target.value)}
                  >
                    <option value="">{t('capacity.outage.allInputs')}</option>
                    {inputsOfCountry.map((input) => (
                      <option key={input.code} value={input.code}>
                        {input.name} ({input.code})
                      </option>
                    ))}
                  </select>
                </div>
              </>
            ) : (
              <div className={`form-field${missing ? ' form-field--invalid' : ''}`}>
                <label htmlFor="outage-plant">{t('capacity.outage.plant')}</label>
                <select
                  id="outage-plant"
                  value={plant}
                  aria-invalid={missing}
                  aria-describedby={missing ? 'outage-missing' : undefined}
                  onChange={(event) => setPlant(event.target.value)}
                >
                  <option value="">{t('capacity.outage.choosePlant')}</option>
                  {options.plants.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="form-field">
              <label htmlFor="outage-from">{t('capacity.outage.from')}</label>
              <input
                id="outage-from"
                type="month"
                value={from || month}
                onChange={(event) => setFrom(event.target.value)}
              />
            </div>
          </div>
          {missing ? (
            <p id="outage-missing" className="form-field__error" role="alert">
              {kind === 'country' ? t('capacity.outage.needCountry') : t('capacity.outage.needPlant')}
            </p>
          ) : null}
          <div className="record-form__actions">
            <button type="submit" disabled={state.phase === 'running'}>
              {state.phase === 'running' ? t('capacity.outage.running') : t('capacity.outage.run')}
            </button>
          </div>
        </form>
      </ActionGate>
      <div aria-live="polite">
        {state.phase === 'failed' ? (
          <div className="state state--error" role="alert">
            <p>
              <strong>{t('capacity.outage.failed')}</strong>
            </p>
            <p className="state__detail">{state.detail}</p>
          </div>
        ) : null}
        {state.phase === 'done' ? <OutageResultView result={state.result} itemLabel={itemLabel} /> : null}
      </div>
    </section>
  );
}

function scenarioWords(result: OutageResult, t: ReturnType<typeof useT>): string {
  const { scenario } = result;
  if (scenario.plant)
    return t('capacity.outage.scenarioPlant', { plant: scenario.plant, from: formatMonth(result.from) });
  return t(scenario.material_code ? 'capacity.outage.scenarioInput' : 'capacity.outage.scenarioCountry', {
    country: countryName(scenario.country_code ?? ''),
    input: scenario.material_code,
    from: formatMonth(result.from),
  });
}

function OutageResultView({
  result,
  itemLabel,
}: {
  result: OutageResult;
  itemLabel: (item: ItemRisk['item']) => string;
}) {
  const t = useT();
  const lookups = useLookups();
  const words = scenarioWords(result, t);
  if (result.items.length === 0) {
    return (
      <p className="state state--empty" data-testid="outage-none">
        {t('capacity.outage.nothingLost', { scenario: words })}
      </p>
    );
  }
  return (
    <div className="capacity__outage-result" data-testid="outage-result">
      <h4>{t('capacity.outage.resultTitle', { scenario: words })}</h4>
      <Scroll label={t('capacity.outage.resultTitle', { scenario: words })}>
        <table className="data-table capacity-outage">
          <caption>
            {t('capacity.outage.caption', {
              from: formatMonth(result.as_of),
              count: result.scenario.months ?? HORIZON,
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('capacity.outage.col.item')}</th>
              <th scope="col">{t('capacity.outage.col.left')}</th>
              <th scope="col">{t('capacity.outage.col.lost')}</th>
              <th scope="col">{t('capacity.outage.col.shortfall')}</th>
              <th scope="col">{t('capacity.outage.col.first')}</th>
              <th scope="col">{t('capacity.outage.col.needs')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((row) => (
              <tr key={row.item.id}>
                <th scope="row">{itemLabel(row.item)}</th>
                <td className="num">
                  {t('capacity.outage.left', { share: formatShare(row.available_share) })}
                </td>
                <td className="num" data-testid={`units-lost-${row.item.code}`}>
                  {inUnit(row.total_capacity_lost, row.item.unit)}
                </td>
                <td className="num">{inUnit(row.shortfall_added, row.item.unit)}</td>
                <td>
                  {t('capacity.outage.firstShortfall', {
                    before: row.first_shortfall_month ? formatMonth(row.first_shortfall_month) : '—',
                    after: row.first_shortfall_month_with_outage
                      ? formatMonth(row.first_shortfall_month_with_outage)
                      : '—',
                  })}
                </td>
                <td className="num">{formatCount(row.needs_unmet.length)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {result.items.map((row) => (
        <details key={row.item.id} className="capacity__details">
          <summary>{t('capacity.outage.details', { item: itemLabel(row.item) })}</summary>
          <Scroll label={t('capacity.outage.details', { item: itemLabel(row.item) })}>
            <table className="data-table capacity-lost">
              <thead>
                <tr>
                  <th scope="col">{t('capacity.forecast.col.month')}</th>
                  <th scope="col">{t('capacity.outage.col.lostMonth')}</th>
                </tr>
              </thead>
              <tbody>
                {row.capacity_lost.map((lost) => (
                  <tr key={lost.month}>
                    <th scope="row">{formatMonth(lost.month)}</th>
                    <td className="num">{inUnit(lost.quantity, row.item.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          {row.needs_unmet.length > 0 ? (
            <>
              <h5>{t('capacity.outage.needsTitle', { item: itemLabel(row.item) })}</h5>
              <ul className="capacity__needs">
                {row.needs_unmet.map((need) => (
                  <li key={need.need_id}>
                    <Link to={`/needs/${need.need_id}`}>
                      {t('capacity.outage.need', {
                        quantity: inUnit(need.open_quantity, row.item.unit),
                        region: regionName(lookups, need.region_id),
                        day: formatDay(need.needed_by),
                      })}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </details>
      ))}
    </div>
  );
}
