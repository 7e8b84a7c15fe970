import { exportUrls } from '../api/exports.js';
import { useGaps } from '../api/useGaps.js';
import { OverviewCharts } from '../components/charts/OverviewCharts.js';
import { DimensionSelect } from '../components/DimensionSelect.js';
import { DownloadLinks } from '../components/DownloadLinks.js';
import { GapPanel } from '../components/GapPanel.js';
import { useT } from '../i18n/index.js';
import { useGapDimension } from '../useGapDimension.js';
import { gapGroupLink } from './overviewLinks.js';

/** The overview: where the gaps are; each group leads to the records behind it. */
export function OverviewPage() {
  const t = useT();
  const [by, setBy] = useGapDimension();
  const gaps = useGaps(by);

  return (
    <>
      <OverviewCharts />
      <section className="panel" aria-labelledby="overview-title">
        <div className="panel__head">
          <h2 id="overview-title">{t('overview.title')}</h2>
          <DimensionSelect value={by} onChange={setBy} />
        </div>
        <GapPanel gaps={gaps} linkFor={(group) => gapGroupLink(by, group)} />
        {gaps.state === 'ready' && gaps.data.groups.length > 0 ? (
          <DownloadLinks
            urls={exportUrls('gaps', new URLSearchParams(), [], { by })}
            scope={t('downloads.gapScope')}
          />
        ) : null}
      </section>
    </>
  );
}
