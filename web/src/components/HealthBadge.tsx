import type { Health } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';

interface Props {
  readonly health: Remote<Health>;
}

function describeHealth(health: Remote<Health>): { level: string; text: string; detail: string } {
  switch (health.state) {
    case 'loading':
      return { level: 'unknown', text: 'checking…', detail: 'Asking the API whether it can work' };
    case 'error':
      return { level: 'down', text: 'unreachable', detail: health.detail };
    case 'ready': {
      const { status, releaseId, output } = health.data;
      if (status === 'pass') {
        return {
          level: 'ok',
          text: 'ok',
          detail: `aidgrid ${releaseId}; database reachable, schema current`,
        };
      }
      if (status === 'warn') {
        return { level: 'ok', text: 'ok', detail: `aidgrid ${releaseId}; ${output ?? 'a check warns'}` };
      }
      return {
        level: 'degraded',
        text: 'degraded',
        detail: `aidgrid ${releaseId}; ${output ?? 'a check fails'}`,
      };
    }
  }
}

/** The API's health as words, with a coloured dot that only repeats what the words say. */
export function HealthBadge({ health }: Props) {
  const { level, text, detail } = describeHealth(health);
  return (
    <p className={`health health--${level}`} title={detail}>
      <span className="health__dot" aria-hidden="true" />
      API status: <strong>{text}</strong>
    </p>
  );
}
