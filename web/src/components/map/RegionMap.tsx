import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/index.js';
import { RemoteState } from '../RemoteState.js';
import { type MapFigure, useMapFigure } from './mapFigures.js';

// The drawing code and the outlines load only when a map is on screen.
const ChoroplethMap = lazy(() => import('./ChoroplethMap.js'));

/** Where a region's figure leads: the needs of that region (critical ones for the critical figure). */
export function regionHref(regionId: string, figure: MapFigure): string {
  const region = `region_id=${encodeURIComponent(regionId)}`;
  return figure === 'critical' ? `/needs?${region}&priority=critical` : `/needs?${region}`;
}

/** The map of one figure, with loading and problems said in words. */
export function RegionMap({
  figure,
  asOf,
  compact,
}: {
  readonly figure: MapFigure;
  readonly asOf: string | undefined;
  readonly compact?: boolean;
}) {
  const t = useT();
  const data = useMapFigure(figure, asOf);
  return (
    <RemoteState remote={data} what={t('map.what')}>
      {(loaded) => (
        <Suspense fallback={<p className="muted">{t('map.drawing')}</p>}>
          <ChoroplethMap data={loaded} hrefFor={regionHref} compact={compact} />
        </Suspense>
      )}
    </RemoteState>
  );
}
