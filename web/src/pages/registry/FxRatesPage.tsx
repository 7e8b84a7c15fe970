import { type FormEvent, useState } from 'react';
import type { FxImportResult, FxRate, FxRatePage } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { useQueryState } from '../../api/useQueryState.js';
import { type ChangeResult, sendChange, useReloadable } from '../../api/useRegistry.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { FilterBar } from '../../components/FilterBar.js';
import { DateInput } from '../../components/forms/DateInput.js';
import { Field } from '../../components/forms/Field.js';
import { Pager } from '../../components/Pager.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay, formatLocale, formatMoment } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { RegistryTabs } from './RegistryTabs.js';

/** The list URL: currency upper-cased (the API wants ISO 4217 codes), day range and cursor. */
function ratesUrl(query: URLSearchParams): string {
  const params = new URLSearchParams({ limit: '200' });
  const currency = query.get('currency')?.trim().toUpperCase();
  if (currency) params.set('currency', currency);
  for (const name of ['from', 'to', 'cursor']) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  return `/api/v1/fx-rates?${params}`;
}

/** A rate with the decimals it was stored with, in the reader's number format. */
function formatRate(rate: string): string {
  const decimals = rate.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(formatLocale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: 10,
  }).format(Number(rate));
}

function Problem({ result }: { result: Extract<ChangeResult<unknown>, { ok: false }> }) {
  const t = useT();
  return (
    <div role="alert" className="form-problem">
      <p>{t('fx.notSaved', { detail: result.detail })}</p>
      {result.errors.length > 0 ? (
        <ul>
          {result.errors.map((problem) => (
            <li key={`${problem.field}:${problem.message}`}>
              {problem.field}: {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const EMPTY_RATE = { currency: '', date: '', eur_per_unit: '', source: '', synthetic: false };

/** Sets the rate of one currency on one day (PUT /fx-rates/:currency/:date). */
function RateForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const [values, setValues] = useState(EMPTY_RATE);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChangeResult<FxRate> | undefined>();
  const set = (name: keyof typeof EMPTY_RATE, value: string | boolean) =>
    setValues((old) => ({ ...old, [name]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const currency = values.currency.trim().toUpperCase();
    const answer = await sendChange<FxRate>(
      'PUT',
      `/api/v1/fx-rates/${encodeURIComponent(currency || '-')}/${encodeURIComponent(values.date.trim() || '-')}`,
      {
        body: {
          eur_per_unit: values.eur_per_unit.trim().replace(',', '.'),
          source: values.source.trim(),
          synthetic: values.synthetic,
        },
      },
    );
    setBusy(false);
    setResult(answer);
    if (answer.ok) {
      setValues(EMPTY_RATE);
      onSaved();
    }
  }

  return (
    <form className="record-form" aria-labelledby="fx-add-title" onSubmit={(event) => void submit(event)}>
      <h3 id="fx-add-title">{t('fx.addTitle')}</h3>
      {result && !result.ok ? <Problem result={result} /> : null}
      {result?.ok ? (
        <p role="status" className="registry-done">
          {t('fx.saved', {
            currency: result.data.currency,
            day: formatDay(result.data.rate_on),
            rate: formatRate(result.data.eur_per_unit),
          })}
        </p>
      ) : null}
      <div className="record-form__row">
        <Field
          name="fx-currency"
          label={t('fx.currency')}
          hint={t('fx.currencyHint')}
          error={undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              required
              maxLength={3}
              autoComplete="off"
              value={values.currency}
              onChange={(event) => set('currency', event.target.value)}
            />
          )}
        </Field>
        <Field name="fx-date" label={t('fx.day')} error={undefined} required>
          {(control) => (
            <DateInput
              {...control}
              required
              value={values.date}
              onChange={(event) => set('date', event.target.value)}
            />
          )}
        </Field>
        <Field name="fx-rate" label={t('fx.rate')} hint={t('fx.rateHint')} error={undefined} required>
          {(control) => (
            <input
              {...control}
              required
              inputMode="decimal"
              autoComplete="off"
              value={values.eur_per_unit}
              onChange={(event) => set('eur_per_unit', event.target.value)}
            />
          )}
        </Field>
        <Field name="fx-source" label={t('fx.source')} error={undefined} required>
          {(control) => (
            <input
              {...control}
              required
              maxLength={200}
              value={values.source}
              onChange={(event) => set('source', event.target.value)}
            />
          )}
        </Field>
      </div>
      <label className="registry-check">
        <input
          type="checkbox"
          checked={values.synthetic}
          onChange={(event) => set('synthetic', event.target.checked)}
        />{' '}
        {t('fx.syntheticLabel')}
      </label>
      <div className="record-form__actions">
        <button type="submit" disabled={busy}>
          {busy ? t('fx.saving') : t('fx.save')}
        </button>
      </div>
    </form>
  );
}

/** Imports rates from a CSV file (all lines or none), showing every bad line the API reports. */
function ImportForm({ onImported }: { onImported: () => void }) {
  const t = useT();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChangeResult<FxImportResult> | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await sendChange<FxImportResult>('POST', '/api/v1/fx-rates/import', {
      text: { type: 'text/csv', content: csv },
    });
    setBusy(false);
    setResult(answer);
    if (answer.ok) onImported();
  }

  return (
    <form className="record-form" aria-labelledby="fx-import-title" onSubmit={(event) => void submit(event)}>
      <h3 id="fx-import-title">{t('fx.importTitle')}</h3>
      {result && !result.ok ? <Problem result={result} /> : null}
      {result?.ok ? (
        <p role="status" className="registry-done">
          {t('fx.imported', {
            rates: result.data.rates,
            inserted: result.data.inserted,
            updated: result.data.updated,
            unchanged: result.data.unchanged,
            pledges: result.data.pledges_revalued,
          })}
        </p>
      ) : null}
      <Field name="fx-file" label={t('fx.file')} error={undefined}>
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then(setCsv);
            }}
          />
        )}
      </Field>
      <Field name="fx-csv" label={t('fx.csv')} hint={t('fx.csvHint')} error={undefined} required>
        {(control) => (
          <textarea
            {...control}
            required
            rows={5}
            spellCheck={false}
            value={csv}
            onChange={(event) => setCsv(event.target.value)}
          />
        )}
      </Field>
      <div className="record-form__actions">
        <button type="submit" disabled={busy || csv.trim() === ''}>
          {busy ? t('fx.importing') : t('fx.import')}
        </button>
      </div>
    </form>
  );
}

/** Rates to EUR by currency and day, with the forms to set one or import many (admins and coordinators). */
export default function FxRatesPage() {
  const t = useT();
  const [query, update] = useQueryState();
  const { state: session } = useSession();
  const { remote, reload } = useReloadable<FxRatePage>(ratesUrl(query));
  const filtered = ['currency', 'from', 'to'].some((name) => query.get(name));
  return (
    <>
      <RegistryTabs current="/fx" />
      <section className="panel" aria-labelledby="fx-title">
        <div className="panel__head">
          <h2 id="fx-title">{t('fx.title')}</h2>
        </div>
        <p>{t('fx.intro')}</p>
        <FilterBar
          fields={[
            { name: 'currency', label: t('fx.currency'), kind: 'text' },
            { name: 'from', label: t('fx.from'), kind: 'date' },
            { name: 'to', label: t('fx.to'), kind: 'date' },
          ]}
          values={query}
          onChange={update}
        />
        <RemoteState
          remote={remote}
          what={t('fx.what')}
          isEmpty={(data) => data.items.length === 0}
          empty={filtered ? t('fx.emptyFiltered') : t('fx.empty')}
        >
          {(data) => (
            <>
              <div className="registry-scroll">
                <table className="data-table registry-table">
                  <caption>{t('fx.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" style={{ width: '6rem' }}>
                        {t('fx.currency')}
                      </th>
                      <th scope="col" style={{ width: '9rem' }}>
                        {t('fx.day')}
                      </th>
                      <th scope="col" className="num" style={{ width: '9rem' }}>
                        {t('fx.rate')}
                      </th>
                      <th scope="col">{t('fx.source')}</th>
                      <th scope="col" style={{ width: '30%' }}>
                        {t('fx.stored')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((rate) => (
                      <tr key={`${rate.currency}-${rate.rate_on}`}>
                        <th scope="row">{rate.currency}</th>
                        <td>{formatDay(rate.rate_on)}</td>
                        <td className="num">{formatRate(rate.eur_per_unit)}</td>
                        <td>
                          <Truncate
                            text={rate.synthetic ? `${rate.source} (${t('fx.synthetic')})` : rate.source}
                          />
                        </td>
                        <td>
                          <Truncate text={`${formatMoment(rate.created_at)} · ${rate.created_by}`} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                onFirstPage={!query.get('cursor')}
                nextCursor={data.next_cursor}
                shown={data.items.length}
                onFirst={() => update({ cursor: null })}
                onNext={(cursor) => update({ cursor })}
              />
            </>
          )}
        </RemoteState>
        <div className="registry-forms">
          <ActionGate permission={permission(session, 'set-fx-rate')} label={t('fx.addTitle')}>
            <RateForm onSaved={reload} />
          </ActionGate>
          <ActionGate permission={permission(session, 'import-fx-rates')} label={t('fx.importTitle')}>
            <ImportForm onImported={reload} />
          </ActionGate>
        </div>
      </section>
    </>
  );
}
