import { useEventConversions } from '../../api/useFunnels.js';
import { ConversionCard } from '../../components/charts/ConversionCard.js';
import { formatCoverage, formatDay } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';

/** /events/:id/report: of what was announced at the event, how much has arrived and how fast. */
export default function EventReportPage({ params }: PageProps) {
  const report = useEventConversions();
  const t = useT();
  const id = params.id ?? '';
  const events =
    report.state === 'ready' ? report.data.events.filter((event) => event.event_id !== null) : [];
  const event = events.find((candidate) => candidate.event_id === id);
  return (
    <section className="panel" aria-labelledby="event-report-title">
      <div className="panel__head">
        <h2 id="event-report-title">{t('eventReport.title')}</h2>
        {events.length > 0 ? (
          <label className="inline-select">
            {t('eventReport.event')}{' '}
            <select value={id} onChange={(change) => navigate(`/events/${change.target.value}/report`)}>
              {event ? null : <option value={id}>{t('eventReport.choose')}</option>}
              {events.map((candidate) => (
                <option key={candidate.event_id} value={candidate.event_id ?? ''}>
                  {candidate.starts_on ? formatDay(candidate.starts_on) : '—'} — {candidate.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {report.state === 'loading' ? <p className="muted">{t('eventReport.loading')}</p> : null}
      {report.state === 'error' ? <p role="alert">{report.detail}</p> : null}
      {report.state === 'ready' && !event ? <p role="alert">{t('eventReport.noEvent', { id })}</p> : null}
      {event ? (
        <>
          <p>
            <Link to={`/events/${id}`}>{t('eventReport.record')}</Link> · {t('eventReport.started')}{' '}
            <time dateTime={event.starts_on ?? ''}>{event.starts_on ? formatDay(event.starts_on) : '—'}</time>{' '}
            ·{' '}
            {event.delivered_ratio === null
              ? t('eventReport.nothingAnnounced')
              : t('eventReport.delivered', { pct: formatCoverage(event.delivered_ratio * 100) })}
          </p>
          <ConversionCard title={event.name} funnel={event} />
        </>
      ) : null}
    </section>
  );
}
