import type { DataClock } from '../api/useDataAsOf.js';
import type { Remote } from '../api/useRemote.js';

/** "Data as of 2022-11-24" in the header: the day every default on every screen means by "now". */
export function DataAsOf({ clock }: { readonly clock: Remote<DataClock> }) {
  if (clock.state !== 'ready') return null;
  const { as_of, source } = clock.data;
  return (
    <p
      className="data-as-of"
      title={source === 'data_set' ? 'The day stored with the data set' : 'Today: the data is live'}
    >
      Data as of <time dateTime={as_of}>{as_of}</time>
    </p>
  );
}
