import { lazy, Suspense, useMemo, useState } from 'react';
import { permission } from '../../api/permissions.js';
import {
  type ItemRisk,
  type ProductionLine,
  type RiskResult,
  useForecast,
  useMaterials,
  useProductionLines,
  useRisk,
} from '../../api/useCapacity.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { itemName, regionName } from '../lists/names.js';
import { CAUSE_IDS, countryName, formatMonth, formatShare, inUnit, MONTH_PATTERN } from './capacityWords.js';
import { LineForm } from './LineForm.js';
import { OutagePanel } from './OutagePanel.js';
import { Scroll } from './Scroll.js';
import { capacityIn } from './schedule.js';

const SupplyDemandChart = lazy(() =>
  import('../../components/charts/SupplyDemandChart.js').then((module) => ({
    default: module.SupplyDemandChart,
  })),
);

type ItemRef = ItemRisk['item'];

/** Production lines, the forecast of an item, its supply chain and outage scenarios (issue 17). */
export default function CapacityPage() {
  const t = useT();
  const clock = useDataAsOf();
  const risk = useRisk();
  const [query, update] = useQueryState();
  const asked = query.get('from') ?? '';
  const clockMonth = clock.state === 'ready' ? clock.data.as_of.slice(0, 7) : undefined;
  const month = MONTH_PATTERN.test(asked) ? asked : clockMonth;
  return (
    <section className="panel capacity" aria-labelledby="capacity-title">
      <h2 id="capacity-title">{t('capacity.title')}</h2>
      <p>{t('capacity.intro')}</p>
      <RemoteState
        remote={risk}
        what={t('capacity.what')}
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="state">{t('capacity.empty')}</p>}
      >
        {(data) => (
          <CapacityBody
            risk={data}
            month={month}
            itemId={query.get('item') ?? data.items[0]?.item.id ?? ''}
            onItem={(item) => update({ item })}
            onMonth={(from) => update({ from })}
          />
        )}
      </RemoteState>
    </section>
  );
}

function CapacityBody({
  risk,
  month,
  itemId,
  onItem,
  onMonth,
}: {
  risk: RiskResult;
  month: string | undefined;
  itemId: string;
  onItem: (id: string) => void;
  onMonth: (month: string) => void;
}) {
  const t = useT();
  const lookups = useLookups();
  const items = risk.items.map((entry) => entry.item);
  const chosen = risk.items.find((entry) => entry.item.id === itemId) ?? risk.items[0];
  const label = (item: ItemRef) => (lookups.items.has(item.id) ? itemName(lookups, item.id) : item.name);
  return (
    <>
      <div className="capacity__controls">
        <div className="form-field">
          <label htmlFor="capacity-item">{t('capacity.item')}</label>
          <select
            id="capacity-item"
            value={chosen?.item.id ?? ''}
            onChange={(event) => onItem(event.target.value)}
          >
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {label(item)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="capacity-month">{t('capacity.fromMonth')}</label>
          <input
            id="capacity-month"
            type="month"
            value={month ?? ''}
            onChange={(event) => {
              // A month input's value is a whole month or empty; empty keeps the month shown.
              if (MONTH_PATTERN.test(event.target.value)) onMonth(event.target.value);
            }}
          />
        </div>
      </div>
      <LinesSection
        month={month}
        itemLabel={(id) => label(items.find((i) => i.id === id) ?? fallbackRef(id))}
      />
      {chosen && month ? (
        <ForecastSection item={chosen.item} itemLabel={label(chosen.item)} month={month} />
      ) : null}
      {chosen ? <RiskSection risk={chosen} itemLabel={label(chosen.item)} /> : null}
      {month ? <OutagePanel risk={risk} month={month} itemLabel={label} /> : null}
    </>
  );
}

function fallbackRef(id: string): ItemRef {
  return { id, code: id, name: id, unit: '' };
}

function LinesSection({
  month,
  itemLabel,
}: {
  month: string | undefined;
  itemLabel: (id: string) => string;
}) {
  const t = useT();
  const session = useSession().state;
  const lookups = useLookups();
  const [reload, setReload] = useState(0);
  const lines = useProductionLines(reload);
  const [editing, setEditing] = useState<ProductionLine | 'new' | undefined>(undefined);
  const canCreate = permission(session, 'create-production-line');
  const canEdit = permission(session, 'edit-production-line');
  const org = session.status === 'signed-in' ? session.user.org_id : undefined;
  const role = session.status === 'signed-in' ? session.user.role : undefined;
  // A manufacturer changes only its own lines; the server decides, this only hides the others.
  const mayEdit = (line: ProductionLine) =>
    canEdit.allowed &&
    (role !== 'manufacturer' || line.manufacturer_org_id === org || line.owner_org_id === org);
  const unitOf = (id: string) => lookups.items.get(id)?.unit ?? '';
  const saved = () => {
    setEditing(undefined);
    setReload((n) => n + 1);
  };
  return (
    <section className="capacity__section" aria-labelledby="capacity-lines-title">
      <h3 id="capacity-lines-title">{t('capacity.lines.title')}</h3>
      <ActionGate permission={canCreate} label={t('capacity.lines.add')}>
        {editing === undefined ? (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('capacity.lines.add')}
          </button>
        ) : null}
      </ActionGate>
      {editing !== undefined ? (
        <LineForm
          line={editing === 'new' ? undefined : editing}
          onSaved={saved}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      <RemoteState
        remote={lines}
        what={t('capacity.lines.what')}
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="state">{t('capacity.lines.empty')}</p>}
      >
        {(data) => (
          <Scroll label={t('capacity.lines.title')}>
            <table className="data-table capacity-lines">
              <caption>
                {month
                  ? t('capacity.lines.caption', { month: formatMonth(month) })
                  : t('capacity.lines.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('capacity.lines.col.item')}</th>
                  <th scope="col">{t('capacity.lines.col.line')}</th>
                  <th scope="col">{t('capacity.lines.col.plant')}</th>
                  <th scope="col">{t('capacity.lines.col.country')}</th>
                  <th scope="col">{t('capacity.lines.col.capacity')}</th>
                  <th scope="col">{t('capacity.lines.col.lead')}</th>
                  <th scope="col">{t('capacity.lines.col.share')}</th>
                  {canEdit.allowed ? <th scope="col">{t('capacity.lines.col.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.items.map((line) => (
                  <tr key={line.id}>
                    <td>{itemLabel(line.item_id)}</td>
                    <td>{line.name}</td>
                    <td>
                      {line.manufacturer}
                      {line.plant ? ` · ${line.plant}` : ''}
                    </td>
                    <td>{countryName(line.country_code)}</td>
                    <td className="num">
                      {month ? inUnit(capacityIn(line.capacity_schedule, month), unitOf(line.item_id)) : '—'}
                    </td>
                    <td className="num">{t('capacity.lines.months', { count: line.lead_time_months })}</td>
                    <td className="num">{formatShare(line.coalition_share)}</td>
                    {canEdit.allowed ? (
                      <td>
                        {mayEdit(line) ? (
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => setEditing(line)}
                            aria-label={t('capacity.lines.editNamed', { name: line.name })}
                          >
                            {t('capacity.lines.edit')}
                          </button>
                        ) : (
                          <span className="muted">{t('capacity.lines.notYours')}</span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
      </RemoteState>
    </section>
  );
}

function ForecastSection({ item, itemLabel, month }: { item: ItemRef; itemLabel: string; month: string }) {
  const t = useT();
  const lookups = useLookups();
  const forecast = useForecast(item.id, month);
  return (
    <section className="capacity__section" aria-labelledby="capacity-forecast-title">
      <h3 id="capacity-forecast-title">{t('capacity.forecast.title', { item: itemLabel })}</h3>
      <RemoteState remote={forecast} what={t('capacity.forecast.what')}>
        {(data) => (
          <>
            <p data-testid="forecast-summary">
              {data.first_shortfall_month
                ? t('capacity.forecast.summary', {
                    first: formatMonth(data.first_shortfall_month),
                    total: inUnit(data.total_shortfall, data.item.unit),
                    cause: data.main_cause ? t(CAUSE_IDS[data.main_cause] ?? '') : '—',
                  })
                : t('capacity.forecast.noShortfall')}
            </p>
            {data.coverage.length > 0 ? (
              <ul className="capacity__coverage">
                {data.coverage.map((stock) => (
                  <li key={stock.consumption_profile_id}>
                    {t(stock.runs_out_on ? 'capacity.forecast.coverage' : 'capacity.forecast.coverageLasts', {
                      where: stock.front ?? regionName(lookups, stock.region_id),
                      stock: inUnit(stock.stock_on_hand, data.item.unit),
                      day: formatDay(stock.stock_as_of),
                      days: stock.coverage_days ?? 0,
                      out: stock.runs_out_on ? formatDay(stock.runs_out_on) : '',
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
            <figure className="capacity__chart">
              <Suspense fallback={<p className="muted">{t('capacity.forecast.drawing')}</p>}>
                <SupplyDemandChart forecast={data} itemLabel={itemLabel} />
              </Suspense>
              <figcaption className="muted">{t('capacity.forecast.chartNote')}</figcaption>
            </figure>
            <details className="capacity__details">
              <summary>{t('capacity.forecast.asTable')}</summary>
              <Scroll label={t('capacity.forecast.asTable')}>
                <table className="data-table" data-testid="forecast-table">
                  <caption>{t('capacity.forecast.caption', { item: itemLabel })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('capacity.forecast.col.month')}</th>
                      <th scope="col">{t('capacity.forecast.col.demand')}</th>
                      <th scope="col">{t('capacity.forecast.col.supply')}</th>
                      <th scope="col">{t('capacity.forecast.col.stock')}</th>
                      <th scope="col">{t('capacity.forecast.col.shortfall')}</th>
                      <th scope="col">{t('capacity.forecast.col.cause')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.months.map((row) => (
                      <tr key={row.month} className={row.shortfall > 0 ? 'capacity__short' : undefined}>
                        <th scope="row">{formatMonth(row.month)}</th>
                        <td className="num">{inUnit(row.demand, data.item.unit)}</td>
                        <td className="num">{inUnit(row.supply, data.item.unit)}</td>
                        <td className="num">{inUnit(row.opening_stock, data.item.unit)}</td>
                        <td className="num">
                          {row.shortfall > 0 ? inUnit(row.shortfall, data.item.unit) : '—'}
                        </td>
                        <td>{row.cause ? t(CAUSE_IDS[row.cause] ?? '') : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Scroll>
            </details>
          </>
        )}
      </RemoteState>
    </section>
  );
}

function RiskSection({ risk, itemLabel }: { risk: ItemRisk; itemLabel: string }) {
  const t = useT();
  const materials = useMaterials();
  const units = useMemo(
    () =>
      new Map(
        materials.state === 'ready'
          ? materials.data.items.map((material) => [material.id, material.unit])
          : [],
      ),
    [materials],
  );
  return (
    <section className="capacity__section" aria-labelledby="capacity-risk-title">
      <h3 id="capacity-risk-title">{t('capacity.risk.title', { item: itemLabel })}</h3>
      {risk.inputs.length === 0 ? (
        <p className="state">{t('capacity.risk.noInputs')}</p>
      ) : (
        <Scroll label={t('capacity.risk.inputsCaption', { item: itemLabel })}>
          <table className="data-table capacity-inputs">
            <caption>{t('capacity.risk.inputsCaption', { item: itemLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('capacity.risk.col.input')}</th>
                <th scope="col">{t('capacity.risk.col.perUnit')}</th>
                <th scope="col">{t('capacity.risk.col.suppliers')}</th>
                <th scope="col">{t('capacity.risk.col.countries')}</th>
                <th scope="col">{t('capacity.risk.col.hhi')}</th>
              </tr>
            </thead>
            <tbody>
              {risk.inputs.map((input) => (
                <tr key={input.path.join('/')}>
                  <th scope="row" style={{ paddingInlineStart: `${0.5 + (input.depth - 1) * 1.25}rem` }}>
                    {input.depth > 1 ? <span aria-hidden="true">└ </span> : null}
                    {input.name} <span className="muted">({input.code})</span>
                    {input.depth > 1 ? (
                      <span className="visually-hidden">
                        {' '}
                        {t('capacity.risk.via', { path: input.path.slice(0, -1).join(' → ') })}
                      </span>
                    ) : null}
                  </th>
                  <td className="num">
                    {formatQuantity(input.per_item_unit)} {units.get(input.material_id) ?? ''}
                  </td>
                  <td>
                    <ul className="capacity__suppliers">
                      {input.suppliers.map((supplier) => (
                        <li key={`${supplier.name}/${supplier.plant ?? ''}/${supplier.country_code}`}>
                          <ShareBar share={supplier.share} />
                          {t(supplier.plant ? 'capacity.risk.supplierPlant' : 'capacity.risk.supplier', {
                            name: supplier.name,
                            plant: supplier.plant,
                            country: countryName(supplier.country_code),
                            share: formatShare(supplier.share),
                          })}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {input.country_shares
                      .map((c) => `${countryName(c.country_code)} ${formatShare(c.share)}`)
                      .join(', ')}
                  </td>
                  <td className="num">
                    {formatCount(Math.round(input.hhi))}
                    <br />
                    <span className="muted">{t(hhiLevel(input.hhi))}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {risk.exposure.length > 0 ? (
        <Scroll label={t('capacity.risk.exposureCaption', { item: itemLabel })}>
          <table className="data-table capacity-exposure">
            <caption>{t('capacity.risk.exposureCaption', { item: itemLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('capacity.risk.col.country')}</th>
                <th scope="col">{t('capacity.risk.col.exposure')}</th>
                <th scope="col">{t('capacity.risk.col.via')}</th>
              </tr>
            </thead>
            <tbody>
              {risk.exposure.map((row) => (
                <tr key={row.country_code}>
                  <th scope="row">{countryName(row.country_code)}</th>
                  <td>
                    <ShareBar share={row.share} />
                    {formatShare(row.share)}
                  </td>
                  <td>{row.via}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      ) : null}
      {risk.russian_energy ? (
        <RussianEnergy energy={risk.russian_energy} item={risk.item} itemLabel={itemLabel} />
      ) : null}
      {risk.single_points.length > 0 ? (
        <>
          <h4>{t('capacity.risk.singlePoints')}</h4>
          <ul className="capacity__points">
            {risk.single_points.map((point) => (
              <li key={`${point.material_code}/${point.kind}/${point.country_code}`}>
                {point.kind === 'single_supplier'
                  ? t('capacity.risk.singleSupplier', {
                      input: point.material_code,
                      country: countryName(point.country_code),
                    })
                  : t('capacity.risk.concentrated', {
                      input: point.material_code,
                      country: countryName(point.country_code),
                      share: formatShare(point.share),
                    })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

type Energy = NonNullable<ItemRisk['russian_energy']>;

/**
 * A fuel's donors and how far they rely on Russian energy: each donor country's share of the
 * pledges × its share of the carrier's imports from Russia (issue 15). Donors without a figure are
 * an unknown part, never counted as zero. Exposure per row is the API's own product, shown as such.
 */
function RussianEnergy({ energy, item, itemLabel }: { energy: Energy; item: ItemRef; itemLabel: string }) {
  const t = useT();
  const carriers = energy.carriers.map((carrier) => t(CARRIER_IDS[carrier] ?? carrier)).join(', ');
  const synthetic = energy.donors.some((donor) => donor.synthetic === true);
  return (
    <div className="capacity__energy" data-testid="russian-energy">
      <h4>{t('capacity.energy.title', { carriers })}</h4>
      {energy.donors.length === 0 ? (
        <p className="state">{t('capacity.energy.noPledges', { item: itemLabel })}</p>
      ) : (
        <>
          <p data-testid="russian-energy-summary">
            {t('capacity.energy.summary', {
              exposed: formatShare(energy.exposed_share),
              unknown: formatShare(energy.unknown_share),
              pledged: inUnit(energy.pledged, item.unit),
            })}
          </p>
          {synthetic ? <p className="muted">{t('capacity.energy.synthetic')}</p> : null}
          <Scroll label={t('capacity.energy.caption', { item: itemLabel })}>
            <table className="data-table capacity-energy">
              <caption>{t('capacity.energy.caption', { item: itemLabel })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('capacity.risk.col.country')}</th>
                  <th scope="col">{t('capacity.energy.col.pledged')}</th>
                  <th scope="col">{t('capacity.energy.col.russian')}</th>
                  <th scope="col">{t('capacity.energy.col.exposure')}</th>
                </tr>
              </thead>
              <tbody>
                {energy.donors.map((donor) => (
                  <tr key={donor.country_code ?? '-'}>
                    <th scope="row">
                      {donor.country_code ? countryName(donor.country_code) : t('capacity.energy.noCountry')}
                    </th>
                    <td className="num">
                      {formatShare(donor.pledged_share)}
                      <br />
                      <span className="muted">{inUnit(donor.pledged, item.unit)}</span>
                    </td>
                    <td className="num">
                      {donor.russian_share === null ? (
                        <span className="muted">{t('capacity.energy.noFigure')}</span>
                      ) : (
                        <>
                          {formatShare(donor.russian_share)}
                          <br />
                          <span className="muted">
                            {t(donor.synthetic ? 'capacity.energy.ofSynthetic' : 'capacity.energy.of', {
                              carrier: donor.carrier ? t(CARRIER_IDS[donor.carrier] ?? donor.carrier) : '',
                              year: String(donor.year ?? ''),
                            })}
                          </span>
                        </>
                      )}
                    </td>
                    <td className="num">
                      {donor.russian_share === null
                        ? t('capacity.energy.unknown')
                        : formatShare(donor.pledged_share * donor.russian_share)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </>
      )}
    </div>
  );
}

/** Energy carriers, worded (the ids written out for the catalogue test). */
const CARRIER_IDS: Readonly<Record<string, string>> = {
  gas: 'capacity.energy.carrier.gas',
  oil: 'capacity.energy.carrier.oil',
  coal: 'capacity.energy.carrier.coal',
};

/** HHI bands of the US merger guidelines: below 1,500 unconcentrated, above 2,500 highly. */
function hhiLevel(hhi: number): string {
  if (hhi > 2500) return 'capacity.risk.hhiHigh';
  if (hhi >= 1500) return 'capacity.risk.hhiModerate';
  return 'capacity.risk.hhiLow';
}

/** A share drawn as a short bar beside its figure (the figure is the text; the bar is decoration). */
function ShareBar({ share }: { share: number }) {
  return (
    <span className="share-bar" aria-hidden="true">
      <span className="share-bar__fill" style={{ width: `${Math.min(100, Math.max(0, share * 100))}%` }} />
    </span>
  );
}
