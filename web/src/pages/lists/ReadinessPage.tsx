import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useReadinessRanking } from '../../api/useReadinessRanking.js';
import { ReadinessTable } from '../../components/ReadinessTable.js';
import { RemoteState } from '../../components/RemoteState.js';

/** Regions ranked by winter risk on a date (`?as_of=`), by default the day the data is as of. */
export default function ReadinessPage() {
  const [query, update] = useQueryState();
  const clock = useDataAsOf();
  const chosen = query.get('as_of');
  const asOf = chosen ?? (clock.state === 'ready' ? clock.data.as_of : undefined);
  const ranking = useReadinessRanking(asOf);

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
            <input
              id="readiness-as-of"
              type="date"
              value={asOf ?? ''}
              onChange={(event) => update({ as_of: event.target.value || null })}
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
