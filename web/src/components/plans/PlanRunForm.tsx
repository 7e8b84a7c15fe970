import type { FormEvent } from 'react';
import { useT } from '../../i18n/index.js';

export interface PlanRunValues {
  readonly method: 'auto' | 'greedy';
  readonly horizon: string;
  readonly lateness: string;
  /** ISO week of the plan's week 0, "2022-W47"; empty for the current week. */
  readonly startWeek: string;
}

interface PlanRunFormProps {
  readonly values: PlanRunValues;
  readonly busy: boolean;
  readonly onChange: (values: PlanRunValues) => void;
  readonly onSubmit: () => void;
}

/** The solver, the weeks to plan and the lateness allowed; the API checks the numbers. */
export function PlanRunForm({ values, busy, onChange, onSubmit }: PlanRunFormProps) {
  const t = useT();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="plan-form" onSubmit={submit} aria-label={t('plans.run')} noValidate>
      <div className="form-field">
        <label htmlFor="plan-method">{t('plans.method')}</label>
        <select
          id="plan-method"
          value={values.method}
          onChange={(event) => onChange({ ...values, method: event.target.value as PlanRunValues['method'] })}
        >
          <option value="auto">{t('plans.methodAuto')}</option>
          <option value="greedy">{t('plans.methodGreedy')}</option>
        </select>
      </div>
      <div className="form-field">
        <label htmlFor="plan-horizon">{t('plans.horizon')}</label>
        <input
          id="plan-horizon"
          type="number"
          min={1}
          max={104}
          inputMode="numeric"
          value={values.horizon}
          onChange={(event) => onChange({ ...values, horizon: event.target.value })}
        />
      </div>
      <div className="form-field">
        <label htmlFor="plan-lateness">{t('plans.lateness')}</label>
        <input
          id="plan-lateness"
          type="number"
          min={0}
          max={26}
          inputMode="numeric"
          value={values.lateness}
          onChange={(event) => onChange({ ...values, lateness: event.target.value })}
        />
      </div>
      <div className="form-field">
        <label htmlFor="plan-start-week">{t('plans.startWeek')}</label>
        <input
          id="plan-start-week"
          className="plan-form__week"
          placeholder={t('plans.thisWeek')}
          pattern="\d{4}-W\d{2}"
          value={values.startWeek}
          onChange={(event) => onChange({ ...values, startWeek: event.target.value })}
        />
      </div>
      <div className="record-form__actions plan-form__actions">
        <button type="submit" disabled={busy}>
          {busy ? t('plans.starting') : t('plans.run')}
        </button>
      </div>
    </form>
  );
}
