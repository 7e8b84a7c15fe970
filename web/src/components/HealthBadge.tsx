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
      const { status, version, database, migrations } = health.data;
      if (status === 'ok') {
        return { level: 'ok', text: 'ok', detail: `aidgrid ${version}; database reachable, schema current` };
      }
      const why = !database.reachable
        ? `database unreachable${database.error ? `: ${database.error}` : ''}`
        : `migrations pending: ${migrations.pending.join(', ')}`;
      return { level: 'degraded', text: 'degraded', detail: `aidgrid ${version}; ${why}` };
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
