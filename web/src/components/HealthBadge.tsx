import type { Health } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';
import { useT } from '../i18n/index.js';

interface Props {
  readonly health: Remote<Health>;
}

type Translate = ReturnType<typeof useT>;

function describeHealth(
  health: Remote<Health>,
  t: Translate,
): { level: string; text: string; detail: string } {
  switch (health.state) {
    case 'loading':
      return { level: 'unknown', text: t('app.healthChecking'), detail: t('app.healthCheckingDetail') };
    case 'error':
      return { level: 'down', text: t('app.healthDown'), detail: health.detail };
    case 'ready': {
      const { status, releaseId, output } = health.data;
      if (status === 'pass') {
        return { level: 'ok', text: t('app.healthOk'), detail: t('app.healthPass', { release: releaseId }) };
      }
      if (status === 'warn') {
        return {
          level: 'ok',
          text: t('app.healthOk'),
          detail: `aidgrid ${releaseId}; ${output ?? t('app.healthWarn')}`,
        };
      }
      return {
        level: 'degraded',
        text: t('app.healthDegraded'),
        detail: `aidgrid ${releaseId}; ${output ?? t('app.healthFail')}`,
      };
    }
  }
}

/** The API's health as words, with a coloured dot that only repeats what the words say. */
export function HealthBadge({ health }: Props) {
  const t = useT();
  const { level, text, detail } = describeHealth(health, t);
  return (
    <p className={`health health--${level}`} title={detail}>
      <span className="health__dot" aria-hidden="true" />
      {t('app.healthLabel')} <strong>{text}</strong>
    </p>
  );
}
