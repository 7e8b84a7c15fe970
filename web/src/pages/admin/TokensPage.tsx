import { type FormEvent, useState } from 'react';
import type { ApiToken, ApiTokenCreated } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { useLookups } from '../../api/useLookups.js';
import { type ChangeResult, sendChange, useReloadable } from '../../api/useRegistry.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { Field } from '../../components/forms/Field.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Truncate } from '../../components/Truncate.js';
import { formatMoment } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, ROLE_IDS, word } from '../../i18n/words.js';
import { organisationName, organisationOptions } from '../lists/names.js';
import { AdminTabs } from './AdminTabs.js';
import { ChangeProblem, CLEARANCES, ROLES } from './UsersPage.js';

/** A token as the list shows it: its first characters, the rest masked (the secret is never kept). */
export function maskedToken(token: ApiToken): string {
  return `${token.prefix}••••••••`;
}

function tokenState(token: ApiToken, now: number): 'revoked' | 'expired' | 'active' {
  if (token.revoked_at) return 'revoked';
  return Date.parse(token.expires_at) <= now ? 'expired' : 'active';
}

const STATE_IDS = {
  active: 'tokens.active',
  revoked: 'tokens.revoked',
  expired: 'tokens.expired',
} as const;

/** The new token's secret, shown this once with the advice to copy it now. */
function SecretOnce({ token, onDone }: { token: ApiTokenCreated; onDone: () => void }) {
  const t = useT();
  return (
    <section className="token-secret" aria-labelledby="token-secret-title" role="status">
      <h3 id="token-secret-title">{t('tokens.secretTitle', { name: token.name })}</h3>
      <p>{t('tokens.secretOnce')}</p>
      <label htmlFor="token-secret">{t('tokens.secret')}</label>
      <input
        id="token-secret"
        className="token-secret__value"
        readOnly
        value={token.token}
        onFocus={(event) => event.target.select()}
      />
      <p className="muted">{t('tokens.secretUse')}</p>
      <button type="button" onClick={onDone}>
        {t('tokens.secretDone')}
      </button>
    </section>
  );
}

/** Creates a token. Coordinators: for their own organisation, not admin tokens (the API refuses otherwise). */
function TokenForm({ onCreated }: { onCreated: (token: ApiTokenCreated) => void }) {
  const t = useT();
  const lookups = useLookups();
  const { state: session } = useSession();
  const user = session.status === 'signed-in' ? session.user : undefined;
  const admin = user?.role === 'admin';
  const empty = {
    name: '',
    org_id: admin ? '' : (user?.org_id ?? ''),
    role: 'analyst',
    clearance: '',
    days: '30',
  };
  const [values, setValues] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChangeResult<ApiTokenCreated> | undefined>();
  const set = (name: keyof typeof empty, value: string) => setValues((old) => ({ ...old, [name]: value }));
  const organisations = organisationOptions(lookups).filter(
    (option) => admin || option.value === user?.org_id,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await sendChange<ApiTokenCreated>('POST', '/api/v1/tokens', {
      body: {
        name: values.name.trim(),
        org_id: values.org_id,
        role: values.role,
        ...(values.clearance ? { clearance: values.clearance } : {}),
        expires_in_days: Number(values.days),
      },
    });
    setBusy(false);
    setResult(answer.ok ? undefined : answer);
    if (answer.ok) {
      setValues(empty);
      onCreated(answer.data);
    }
  }

  return (
    <form className="record-form" aria-labelledby="token-new-title" onSubmit={(event) => void submit(event)}>
      <h3 id="token-new-title">{t('tokens.newTitle')}</h3>
      {result && !result.ok ? <ChangeProblem result={result} id="tokens.notCreated" /> : null}
      <div className="record-form__row">
        <Field
          name="token-name"
          label={t('tokens.name')}
          hint={t('tokens.nameHint')}
          error={undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              required
              maxLength={200}
              autoComplete="off"
              value={values.name}
              onChange={(event) => set('name', event.target.value)}
            />
          )}
        </Field>
        <Field name="token-org" label={t('tokens.organisation')} error={undefined} required>
          {(control) => (
            <select
              {...control}
              required
              value={values.org_id}
              onChange={(event) => set('org_id', event.target.value)}
            >
              {admin ? <option value="">{t('tokens.chooseOrganisation')}</option> : null}
              {organisations.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="record-form__row">
        <Field name="token-role" label={t('tokens.role')} error={undefined} required>
          {(control) => (
            <select {...control} value={values.role} onChange={(event) => set('role', event.target.value)}>
              {ROLES.filter((role) => admin || role !== 'admin').map((role) => (
                <option key={role} value={role}>
                  {word(ROLE_IDS, role)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="token-clearance" label={t('tokens.clearance')} error={undefined}>
          {(control) => (
            <select
              {...control}
              value={values.clearance}
              onChange={(event) => set('clearance', event.target.value)}
            >
              <option value="">{t('tokens.byRole')}</option>
              {CLEARANCES.map((level) => (
                <option key={level} value={level}>
                  {word(CLASSIFICATION_IDS, level)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="token-days"
          label={t('tokens.days')}
          hint={t('tokens.daysHint')}
          error={undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={366}
              required
              value={values.days}
              onChange={(event) => set('days', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="record-form__actions">
        <button type="submit" disabled={busy}>
          {busy ? t('tokens.creating') : t('tokens.create')}
        </button>
      </div>
    </form>
  );
}

function TokensBody() {
  const t = useT();
  const lookups = useLookups();
  const { remote, reload } = useReloadable<{ items: ApiToken[] }>('/api/v1/tokens');
  const [created, setCreated] = useState<ApiTokenCreated | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const now = Date.now();

  async function revoke(token: ApiToken) {
    const answer = await sendChange<ApiToken>('POST', `/api/v1/tokens/${token.id}/revoke`);
    setOutcome(
      answer.ok
        ? { ok: true, text: t('tokens.revokedDone', { name: token.name }) }
        : { ok: false, text: t('tokens.notRevoked', { detail: answer.detail }) },
    );
    reload();
  }

  return (
    <>
      {created ? <SecretOnce token={created} onDone={() => setCreated(undefined)} /> : null}
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'registry-done' : 'form-problem'}>
          {outcome.text}
        </p>
      ) : null}
      <RemoteState
        remote={remote}
        what={t('tokens.what')}
        isEmpty={(data) => data.items.length === 0}
        empty={t('tokens.empty')}
      >
        {(data) => (
          <div className="registry-scroll">
            <table className="data-table">
              <caption>{t('tokens.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col" style={{ width: '12rem' }}>
                    {t('tokens.token')}
                  </th>
                  <th scope="col">{t('tokens.organisation')}</th>
                  <th scope="col" style={{ width: '8rem' }}>
                    {t('tokens.role')}
                  </th>
                  <th scope="col">{t('tokens.expires')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col" style={{ width: '7rem' }}>
                    {t('tokens.state')}
                  </th>
                  <th scope="col" style={{ width: '8rem' }}>
                    <span className="visually-hidden">{t('tokens.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((token) => {
                  const state = tokenState(token, now);
                  return (
                    <tr key={token.id}>
                      <th scope="row">
                        <Truncate text={token.name} />
                      </th>
                      <td>
                        <code className="token-masked">{maskedToken(token)}</code>
                      </td>
                      <td>
                        <Truncate text={organisationName(lookups, token.org_id)} />
                      </td>
                      <td>
                        <Truncate text={word(ROLE_IDS, token.role)} />
                      </td>
                      <td>
                        <Truncate text={formatMoment(token.expires_at)} />
                      </td>
                      <td>
                        <Truncate
                          text={token.last_used_at ? formatMoment(token.last_used_at) : t('tokens.never')}
                        />
                      </td>
                      <td>{t(STATE_IDS[state])}</td>
                      <td>
                        {state === 'active' ? (
                          <button
                            type="button"
                            className="registry-inline-button"
                            aria-label={t('tokens.revokeWho', { name: token.name })}
                            onClick={() => void revoke(token)}
                          >
                            {t('tokens.revoke')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </RemoteState>
      <div className="registry-forms">
        <TokenForm
          onCreated={(token) => {
            setCreated(token);
            setOutcome(undefined);
            reload();
          }}
        />
      </div>
    </>
  );
}

/** API tokens for programs: admins manage all, coordinators those of their organisation; the secret shows once. */
export default function TokensPage() {
  const t = useT();
  const { state: session } = useSession();
  return (
    <>
      <AdminTabs current="/admin/tokens" />
      <section className="panel" aria-labelledby="tokens-title">
        <div className="panel__head">
          <h2 id="tokens-title">{t('tokens.title')}</h2>
        </div>
        <p>{t('tokens.intro')}</p>
        <ActionGate permission={permission(session, 'manage-tokens')} label={t('tokens.title')}>
          <TokensBody />
        </ActionGate>
      </section>
    </>
  );
}
