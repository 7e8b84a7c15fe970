import { useQueryState } from '../../api/useQueryState.js';
import { useReadinessRanking } from '../../api/useReadinessRanking.js';
import { DEMO_AS_OF, useSyntheticData } from '../../api/useSyntheticData.js';
import { ReadinessTable } from '../../components/ReadinessTable.js';
import { RemoteState } from '../../components/RemoteState.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Regions ranked by winter risk on a date (`?as_of=`), by default the demo's date or today. */
export default function ReadinessPage() {
  const [query, update] = useQueryState();
  const synthetic = useSyntheticData();
  const chosen = query.get('as_of');
  const asOf =
    chosen ??
    (synthetic.state === 'loading'
      ? undefined
      : synthetic.state === 'ready' && synthetic.data
        ? DEMO_AS_OF
        : today());
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
