import { useState } from 'react';
import { CLASSIFICATIONS } from '../../../../src/core/auth/actor.js';
import { IncidentCreateSchema, IncidentPatchSchema } from '../../../../src/core/incidents/incident.schema.js';
import type { FieldProblem, Incident } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import { type FormOptions, useFormOptions } from '../../api/useFormOptions.js';
import { useSave, useVersioned, type Versioned } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { problemsOf } from '../../api/validate.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import {
  EMPTY_IMPACT,
  IncidentForm,
  type IncidentFormValues,
  incidentFieldNames,
} from '../../components/forms/IncidentForm.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { useT } from '../../i18n/index.js';
import { word } from '../../i18n/words.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { INCIDENT_KIND_IDS, INCIDENT_STATUS_IDS, SERVICE_IDS } from './incidentWords.js';

function valuesOf(incident: Incident): IncidentFormValues {
  return {
    title: incident.title,
    kind: incident.kind,
    occurred_day: incident.occurred_at.slice(0, 10),
    occurred_time: incident.occurred_at.slice(11, 16),
    status: incident.status,
    description: incident.description ?? '',
    owner_org_id: incident.owner_org_id ?? '',
    classification: incident.classification,
    impacts: incident.impacts.map((impact) => ({
      region_id: impact.region_id,
      service: impact.service,
      people_affected: String(impact.people_affected),
      restoration_expected_on: impact.restoration_expected_on ?? '',
    })),
    damage: incident.damage.map((damage) => ({
      region_id: damage.region_id,
      asset_kind: damage.asset_kind,
      asset_class: damage.asset_class ?? '',
      count: String(damage.count),
    })),
  };
}

/** A number when the text is one, else the text, so that the API's schema says what is wrong with it. */
function numberOrText(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** The body to send: empty inputs left out so that the API names what is missing. */
function bodyOf(values: IncidentFormValues, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: values.kind, status: values.status };
  if (values.title.trim() !== '') body.title = values.title.trim();
  if (values.occurred_day) body.occurred_at = `${values.occurred_day}T${values.occurred_time || '00:00'}:00Z`;
  body.description = values.description.trim() === '' ? null : values.description;
  if (!editing && values.owner_org_id) body.owner_org_id = values.owner_org_id;
  if (values.classification) body.classification = values.classification;
  body.impacts = values.impacts.map((impact) => ({
    ...(impact.region_id ? { region_id: impact.region_id } : {}),
    service: impact.service,
    ...(impact.people_affected.trim() !== ''
      ? { people_affected: numberOrText(impact.people_affected) }
      : {}),
    restoration_expected_on: impact.restoration_expected_on || null,
  }));
  body.damage = values.damage.map((damage) => ({
    ...(damage.region_id ? { region_id: damage.region_id } : {}),
    ...(damage.asset_kind.trim() !== '' ? { asset_kind: damage.asset_kind.trim() } : {}),
    asset_class: damage.asset_class.trim() === '' ? null : damage.asset_class.trim(),
    ...(damage.count.trim() !== '' ? { count: numberOrText(damage.count) } : {}),
  }));
  return body;
}

function choices(ids: Readonly<Record<string, string>>) {
  return Object.keys(ids).map((value) => ({ value, label: word(ids, value) }));
}

function IncidentEditor({ options, initial }: { options: FormOptions; initial?: Versioned<Incident> }) {
  const t = useT();
  const { state: session } = useSession();
  const clearance = session.status === 'signed-in' ? session.user.clearance : 'public';
  const classifications = CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(clearance) + 1);
  const editing = initial !== undefined;
  const [values, setValues] = useState<IncidentFormValues>(
    initial
      ? valuesOf(initial.record)
      : {
          title: '',
          kind: 'missile_strike',
          occurred_day: '',
          occurred_time: '',
          status: 'active',
          description: '',
          owner_org_id: session.status === 'signed-in' ? session.user.org_id : '',
          classification: '',
          impacts: [EMPTY_IMPACT],
          damage: [],
        },
  );
  const saver = useSave<Incident>();
  const [checked, setChecked] = useState<readonly FieldProblem[]>([]);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const names = incidentFieldNames(values);
  const { byField, rest } = errorsByField(checked.length > 0 ? checked : (failed?.fieldErrors ?? []), names);

  const submit = async () => {
    const body = bodyOf(values, editing);
    const local = problemsOf(editing ? IncidentPatchSchema : IncidentCreateSchema, body);
    setChecked(local);
    if (local.length > 0) {
      focusFirstInvalid(names, errorsByField(local, names).byField);
      return;
    }
    const answer = initial
      ? await saver.save(`/api/v1/incidents/${initial.record.id}`, body, initial.etag)
      : await saver.save('/api/v1/incidents', body);
    if (answer.ok) {
      navigate(`/incidents/${answer.record.id}`);
      return;
    }
    focusFirstInvalid(names, errorsByField(answer.fieldErrors, names).byField);
  };

  return (
    <>
      {checked.length === 0 && failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      {checked.length > 0 && rest.length > 0 ? (
        <SaveProblem detail={t('incidentForm.someInvalid')} rest={rest} />
      ) : null}
      <IncidentForm
        values={values}
        errors={byField}
        regions={options.regions}
        organisations={
          // A recipient reports in its own organisation's name only (the API refuses another); a coordinator for anyone.
          session.status === 'signed-in' && session.user.role !== 'coordinator'
            ? options.organisations.filter((option) => option.value === session.user.org_id)
            : options.organisations
        }
        kinds={choices(INCIDENT_KIND_IDS)}
        statuses={choices(INCIDENT_STATUS_IDS)}
        services={choices(SERVICE_IDS)}
        classifications={classifications}
        editing={editing}
        saving={saver.saving}
        onChange={setValues}
        onSubmit={() => void submit()}
      />
    </>
  );
}

function EditIncident({ id, options }: { id: string; options: FormOptions }) {
  const t = useT();
  const incident = useVersioned<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`);
  if (incident.state === 'loading') return <p className="muted">{t('incidentForm.loading')}</p>;
  if (incident.state === 'error') return <p role="alert">{incident.detail}</p>;
  return <IncidentEditor key={incident.data.etag} options={options} initial={incident.data} />;
}

/** /incidents/new and /incidents/:id/edit: record or revise a strike; the API derives its needs. */
export default function IncidentFormPage({ params }: PageProps) {
  const t = useT();
  const reason = useReason();
  const options = useFormOptions();
  const id = params.id;
  const allowed = permission(useSession().state, id ? 'edit-incident' : 'create-incident');
  return (
    <section className="panel form-page" aria-labelledby="incident-form-title">
      <div className="panel__head">
        <h2 id="incident-form-title">{id ? t('incidentForm.editTitle') : t('incidentForm.newTitle')}</h2>
        <Link to={id ? `/incidents/${id}` : '/incidents'}>{t('incidentForm.cancel')}</Link>
      </div>
      <p className="muted">{t('incidentForm.intro')}</p>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : null}
      {allowed.allowed && options.state === 'loading' ? (
        <p className="muted">{t('incidentForm.loadingChoices')}</p>
      ) : null}
      {allowed.allowed && options.state === 'error' ? <p role="alert">{options.detail}</p> : null}
      {allowed.allowed && options.state === 'ready' ? (
        id ? (
          <EditIncident id={id} options={options.data} />
        ) : (
          <IncidentEditor options={options.data} />
        )
      ) : null}
    </section>
  );
}
