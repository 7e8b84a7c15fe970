import { useEventConversions } from '../../api/useFunnels.js';
import { ConversionCard } from '../../components/charts/ConversionCard.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';

/** /events/:id/report: of what was announced at the event, how much has arrived and how fast. */
export default function EventReportPage({ params }: PageProps) {
  const report = useEventConversions();
  const id = params.id ?? '';
  const events =
    report.state === 'ready' ? report.data.events.filter((event) => event.event_id !== null) : [];
  const event = events.find((candidate) => candidate.event_id === id);
  return (
    <section className="panel" aria-labelledby="event-report-title">
      <div className="panel__head">
        <h2 id="event-report-title">Event report: what arrived of what was announced</h2>
        {events.length > 0 ? (
          <label className="inline-select">
            Event{' '}
            <select value={id} onChange={(change) => navigate(`/events/${change.target.value}/report`)}>
              {event ? null : <option value={id}>Choose an event</option>}
              {events.map((candidate) => (
                <option key={candidate.event_id} value={candidate.event_id ?? ''}>
                  {candidate.starts_on} — {candidate.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {report.state === 'loading' ? <p className="muted">Loading the event report…</p> : null}
      {report.state === 'error' ? <p role="alert">{report.detail}</p> : null}
      {report.state === 'ready' && !event ? (
        <p role="alert">No event with id {id} has pledges to report.</p>
      ) : null}
      {event ? (
        <>
          <p>
            <Link to={`/events/${id}`}>The event record</Link> · started{' '}
            <time dateTime={event.starts_on ?? ''}>{event.starts_on}</time> ·{' '}
            {event.delivered_ratio === null
              ? 'nothing announced'
              : `${(event.delivered_ratio * 100).toFixed(1)} % of the announced quantity delivered`}
          </p>
          <ConversionCard title={event.name} funnel={event} />
        </>
      ) : null}
    </section>
  );
}
