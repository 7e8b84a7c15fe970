import type { DataClock } from '../api/useDataAsOf.js';
import type { Remote } from '../api/useRemote.js';
import { formatDay } from '../format.js';
import { useT } from '../i18n/index.js';

/** "Data as of 24 Nov 2022" in the header: the day every default on every screen means by "now". */
export function DataAsOf({ clock }: { readonly clock: Remote<DataClock> }) {
  const t = useT();
  if (clock.state !== 'ready') return null;
  const { as_of, source } = clock.data;
  return (
    <p className="data-as-of" title={source === 'data_set' ? t('app.asOfDataSet') : t('app.asOfLive')}>
      {t('app.dataAsOf')} <time dateTime={as_of}>{formatDay(as_of)}</time>
    </p>
  );
}
