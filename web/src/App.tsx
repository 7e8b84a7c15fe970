import { useGaps } from './api/useGaps.js';
import { useHealth } from './api/useHealth.js';
import { useSyntheticData } from './api/useSyntheticData.js';
import { DimensionSelect } from './components/DimensionSelect.js';
import { GapPanel } from './components/GapPanel.js';
import { HealthBadge } from './components/HealthBadge.js';
import { SyntheticBanner } from './components/SyntheticBanner.js';
import { useGapDimension } from './useGapDimension.js';

/** The overview: is the API healthy, is the data real, and where are the gaps. */
export function App() {
  const [by, setBy] = useGapDimension();
  const health = useHealth();
  const synthetic = useSyntheticData();
  const gaps = useGaps(by);

  return (
    <>
      <header className="app-header">
        <h1>aidgrid — coordination picture</h1>
        <HealthBadge health={health} />
      </header>
      {synthetic.state === 'ready' && synthetic.data ? <SyntheticBanner /> : null}
      <main className="app-main">
        <section className="panel" aria-labelledby="overview-title">
          <div className="panel__head">
            <h2 id="overview-title">Overview: what is still unmet</h2>
            <DimensionSelect value={by} onChange={setBy} />
          </div>
          <GapPanel gaps={gaps} />
        </section>
      </main>
    </>
  );
}
