import { useDonorFunnels } from '../../api/useFunnels.js';
import { ConversionCard } from '../../components/charts/ConversionCard.js';
import { RowsCsvDownload } from '../../components/DownloadLinks.js';
import { CONVERSION_NOTE_IDS } from '../../i18n/gapNotes.js';
import { useT } from '../../i18n/index.js';

/** /donors: per donor, how far its promises went, announced → committed → … → delivered. */
export default function DonorsPage() {
  const t = useT();
  const report = useDonorFunnels();
  return (
    <section className="panel" aria-labelledby="donors-title">
      <div className="panel__head">
        <h2 id="donors-title">{t('donors.title')}</h2>
      </div>
      {report.state === 'loading' ? <p className="muted">{t('donors.loading')}</p> : null}
      {report.state === 'error' ? <p role="alert">{report.detail}</p> : null}
      {report.state === 'ready' ? (
        report.data.donors.length === 0 ? (
          <p className="muted">{t('donors.empty')}</p>
        ) : (
          <>
            <RowsCsvDownload rows={report.data.donors} fileName="aidgrid-donors.csv" />
            <div className="conversion-grid">
              {report.data.donors.map((donor) => (
                <ConversionCard key={donor.donor_org_id} title={donor.name} funnel={donor} />
              ))}
            </div>
            <ul className="notes">
              {report.data.notes.map((note) => (
                <li key={note}>{CONVERSION_NOTE_IDS[note] ? t(CONVERSION_NOTE_IDS[note]) : note}</li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </section>
  );
}
