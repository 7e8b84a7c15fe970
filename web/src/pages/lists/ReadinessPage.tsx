import { useState } from 'react';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useReadinessRanking } from '../../api/useReadinessRanking.js';
import { RowsCsvDownload } from '../../components/DownloadLinks.js';
import { DateInput, isIsoDay } from '../../components/forms/DateInput.js';
import { RegionMap } from '../../components/map/RegionMap.js';
import { ReadinessRepairsTable, ReadinessTable } from '../../components/ReadinessTable.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useT } from '../../i18n/index.js';

/** Regions ranked by winter risk on a date (`?as_of=`), by default the day the data is as of. */
export default function ReadinessPage() {
  const t = useT();
  const [query, update] = useQueryState();
  const clock = useDataAsOf();
  const lookups = useLookups();
  const chosen = query.get('as_of');
  const asOf = chosen ?? (clock.state === 'ready' ? clock.data.as_of : undefined);
  const ranking = useReadinessRanking(asOf);
  // What is being typed; the ranking follows only a whole day (or an empty field: the data's day).
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const names = new Map([...lookups.regions.values()].map((region) => [region.id, region.name_uk]));

  return (
    <section className="panel" aria-labelledby="readiness-title">
      <div className="panel__head">
        <h2 id="readiness-title">{t('readiness.title')}</h2>
        <form
          className="filter-bar filter-bar--inline"
          aria-label={t('readiness.dateForm')}
          onSubmit={(event) => event.preventDefault()}
        >
          <div className="filter-bar__field">
            <label htmlFor="readiness-as-of">{t('readiness.asOf')}</label>
            <DateInput
              id="readiness-as-of"
              value={draft ?? asOf ?? ''}
              aria-invalid={draft !== undefined && draft !== '' && !isIsoDay(draft)}
              onChange={(event) => {
                const typed = event.target.value;
                setDraft(typed);
                if (typed === '' || isIsoDay(typed)) update({ as_of: typed || null });
              }}
            />
          </div>
        </form>
      </div>
      <RegionMap figure="risk" asOf={asOf} compact />
      <RemoteState
        remote={ranking}
        what={t('readiness.what')}
        isEmpty={(data) => data.regions.length === 0}
        empty={t('readiness.empty')}
      >
        {(data) => (
          <>
            <ReadinessTable report={data} names={names} />
            <ReadinessRepairsTable report={data} names={names} />
            <RowsCsvDownload rows={data.regions} fileName={`aidgrid-readiness-${asOf ?? 'today'}.csv`} />
          </>
        )}
      </RemoteState>
      <p className="muted">{t('readiness.criticalNote')}</p>
    </section>
  );
}
