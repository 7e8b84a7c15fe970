import { useDonorFunnels } from '../../api/useFunnels.js';
import { ConversionCard } from '../../components/charts/ConversionCard.js';

/** /donors: per donor, how far its promises went, announced → committed → … → delivered. */
export default function DonorsPage() {
  const report = useDonorFunnels();
  return (
    <section className="panel" aria-labelledby="donors-title">
      <div className="panel__head">
        <h2 id="donors-title">Donors: from announced to delivered</h2>
      </div>
      {report.state === 'loading' ? <p className="muted">Loading the donor report…</p> : null}
      {report.state === 'error' ? <p role="alert">{report.detail}</p> : null}
      {report.state === 'ready' ? (
        report.data.donors.length === 0 ? (
          <p className="muted">No pledges are recorded yet.</p>
        ) : (
          <>
            <div className="conversion-grid">
              {report.data.donors.map((donor) => (
                <ConversionCard key={donor.donor_org_id} title={donor.name} funnel={donor} />
              ))}
            </div>
            <ul className="notes">
              {report.data.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </section>
  );
}
