import { type FormEvent, useState } from 'react';
import type { User } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { useLookups } from '../../api/useLookups.js';
import { type ChangeResult, sendChange, useReloadable } from '../../api/useRegistry.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { Field } from '../../components/forms/Field.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Truncate } from '../../components/Truncate.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, ROLE_IDS, word } from '../../i18n/words.js';
import { organisationName, organisationOptions } from '../lists/names.js';
import { AdminTabs } from './AdminTabs.js';

export const ROLES = ['admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst'] as const;
export const CLEARANCES = ['public', 'coalition', 'restricted'] as const;

/** The problem of a refused change, with every field error the API listed. */
export function ChangeProblem({
  result,
  id,
}: {
  result: Extract<ChangeResult<unknown>, { ok: false }>;
  id: string;
}) {
  const t = useT();
  return (
    <div role="alert" className="form-problem">
      <p>{t(id, { detail: result.detail })}</p>
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

const EMPTY = { email: '', display_name: '', org_id: '', role: 'analyst', clearance: '', password: '' };

/** Creates an account: email, name, organisation, role, clearance (default by role) and first password. */
function UserForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const lookups = useLookups();
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChangeResult<User> | undefined>();
  const set = (name: keyof typeof EMPTY, value: string) => setValues((old) => ({ ...old, [name]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { clearance, ...rest } = values;
    const answer = await sendChange<User>('POST', '/api/v1/users', {
      body: {
        ...rest,
        email: rest.email.trim(),
        display_name: rest.display_name.trim(),
        ...(clearance ? { clearance } : {}),
      },
    });
    setBusy(false);
    setResult(answer);
    if (answer.ok) {
      setValues(EMPTY);
      onCreated();
    }
  }

  return (
    <form className="record-form" aria-labelledby="user-new-title" onSubmit={(event) => void submit(event)}>
      <h3 id="user-new-title">{t('users.newTitle')}</h3>
      {result && !result.ok ? <ChangeProblem result={result} id="users.notCreated" /> : null}
      {result?.ok ? (
        <p role="status" className="registry-done">
          {t('users.created', { email: result.data.email })}
        </p>
      ) : null}
      <div className="record-form__row">
        <Field name="user-email" label={t('users.email')} error={undefined} required>
          {(control) => (
            <input
              {...control}
              type="email"
              required
              autoComplete="off"
              value={values.email}
              onChange={(event) => set('email', event.target.value)}
            />
          )}
        </Field>
        <Field name="user-name" label={t('users.name')} error={undefined} required>
          {(control) => (
            <input
              {...control}
              required
              autoComplete="off"
              value={values.display_name}
              onChange={(event) => set('display_name', event.target.value)}
            />
          )}
        </Field>
        <Field name="user-org" label={t('users.organisation')} error={undefined} required>
          {(control) => (
            <select
              {...control}
              required
              value={values.org_id}
              onChange={(event) => set('org_id', event.target.value)}
            >
              <option value="">{t('users.chooseOrganisation')}</option>
              {organisationOptions(lookups).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="record-form__row">
        <Field name="user-role" label={t('users.role')} error={undefined} required>
          {(control) => (
            <select {...control} value={values.role} onChange={(event) => set('role', event.target.value)}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {word(ROLE_IDS, role)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="user-clearance"
          label={t('users.clearance')}
          hint={t('users.clearanceHint')}
          error={undefined}
        >
          {(control) => (
            <select
              {...control}
              value={values.clearance}
              onChange={(event) => set('clearance', event.target.value)}
            >
              <option value="">{t('users.byRole')}</option>
              {CLEARANCES.map((level) => (
                <option key={level} value={level}>
                  {word(CLASSIFICATION_IDS, level)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="user-password"
          label={t('users.password')}
          hint={t('users.passwordHint')}
          error={undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              type="password"
              required
              autoComplete="new-password"
              value={values.password}
              onChange={(event) => set('password', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="record-form__actions">
        <button type="submit" disabled={busy}>
          {busy ? t('users.creating') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

function UserList() {
  const t = useT();
  const lookups = useLookups();
  const { state: session } = useSession();
  const me = session.status === 'signed-in' ? session.user.id : undefined;
  const { remote, reload } = useReloadable<{ items: User[] }>('/api/v1/users');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  async function toggle(user: User) {
    const action = user.disabled ? 'enable' : 'disable';
    const answer = await sendChange<User>('POST', `/api/v1/users/${user.id}/${action}`);
    setOutcome(
      answer.ok
        ? {
            ok: true,
            text: t(action === 'disable' ? 'users.disabledDone' : 'users.enabledDone', { email: user.email }),
          }
        : { ok: false, text: t('users.notChanged', { detail: answer.detail }) },
    );
    reload();
  }

  return (
    <>
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'registry-done' : 'form-problem'}>
          {outcome.text}
        </p>
      ) : null}
      <RemoteState remote={remote} what={t('users.what')} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <div className="registry-scroll">
            <table className="data-table">
              <caption>{t('users.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.organisation')}</th>
                  <th scope="col" style={{ width: '9rem' }}>
                    {t('users.role')}
                  </th>
                  <th scope="col" style={{ width: '9rem' }}>
                    {t('users.clearance')}
                  </th>
                  <th scope="col" style={{ width: '8rem' }}>
                    {t('users.state')}
                  </th>
                  <th scope="col" style={{ width: '8rem' }}>
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">
                      <Truncate text={user.display_name} />
                    </th>
                    <td>
                      <Truncate text={user.email} />
                    </td>
                    <td>
                      <Truncate text={organisationName(lookups, user.org_id)} />
                    </td>
                    <td>
                      <Truncate text={word(ROLE_IDS, user.role)} />
                    </td>
                    <td>
                      <Truncate text={word(CLASSIFICATION_IDS, user.clearance)} />
                    </td>
                    <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
                    <td>
                      {user.id === me ? null : (
                        <button
                          type="button"
                          className="registry-inline-button"
                          aria-label={t(user.disabled ? 'users.enableWho' : 'users.disableWho', {
                            email: user.email,
                          })}
                          onClick={() => void toggle(user)}
                        >
                          {user.disabled ? t('users.enable') : t('users.disable')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RemoteState>
    </>
  );
}

function UsersBody() {
  const [round, setRound] = useState(0);
  return (
    <>
      <UserList key={round} />
      <div className="registry-forms">
        <UserForm onCreated={() => setRound((n) => n + 1)} />
      </div>
    </>
  );
}

/** Accounts of people (admins): who may sign in, for which organisation, with which role; create, disable, enable. */
export default function UsersPage() {
  const t = useT();
  const { state: session } = useSession();
  return (
    <>
      <AdminTabs current="/admin/users" />
      <section className="panel" aria-labelledby="users-title">
        <div className="panel__head">
          <h2 id="users-title">{t('users.title')}</h2>
        </div>
        <ActionGate permission={permission(session, 'manage-users')} label={t('users.title')}>
          <UsersBody />
        </ActionGate>
      </section>
    </>
  );
}
