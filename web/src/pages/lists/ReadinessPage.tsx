import { useState } from 'react';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useReadinessRanking } from '../../api/useReadinessRanking.js';
import { DateInput, isIsoDay } from '../../components/forms/DateInput.js';
import { ReadinessTable } from '../../components/ReadinessTable.js';
import { RemoteState } from '../../components/RemoteState.js';

/** Regions ranked by winter risk on a date (`?as_of=`), by default the day the data is as of. */
export default function ReadinessPage() {
  const [query, update] = useQueryState();
  const clock = useDataAsOf();
  const chosen = query.get('as_of');
  const asOf = chosen ?? (clock.state === 'ready' ? clock.data.as_of : undefined);
  const ranking = useReadinessRanking(asOf);
  // What is being typed; the ranking follows only a whole day (or an empty field: the data's day).
  const [draft, setDraft] = useState<string | undefined>(undefined);

  return (
    <section className="panel" aria-labelledby="readiness-title">
      <div className="panel__head">
        <h2 id="readiness-title">Winter readiness by region</h2>
        <form
          className="filter-bar filter-bar--inline"
          aria-label="Date"
          onSubmit={(event) => event.preventDefault()}
        >
          <div className="filter-bar__field">
            <label htmlFor="readiness-as-of">As of</label>
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
      <RemoteState
        remote={ranking}
        what="the readiness ranking"
        isEmpty={(data) => data.regions.length === 0}
        empty="No region has readiness figures for this date."
      >
        {(data) => <ReadinessTable report={data} />}
      </RemoteState>
    </section>
  );
}
