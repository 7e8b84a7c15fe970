import { useDataAsOf } from '../api/useDataAsOf.js';
import { useQueryState } from '../api/useQueryState.js';
import { FIGURE_IDS, isMapFigure, MAP_FIGURES } from '../components/map/mapFigures.js';
import { RegionMap } from '../components/map/RegionMap.js';
import { useT } from '../i18n/index.js';

/** The full-size map (`?figure=`), with the figures as a table under it. */
export default function MapPage() {
  const t = useT();
  const [query, update] = useQueryState();
  const chosen = query.get('figure');
  const figure = isMapFigure(chosen) ? chosen : 'critical';
  const clock = useDataAsOf();
  const asOf = clock.state === 'ready' ? clock.data.as_of : undefined;
  return (
    <section className="panel" aria-labelledby="map-title">
      <div className="panel__head">
        <h2 id="map-title">{t('map.title')}</h2>
        <div className="field">
          <label htmlFor="map-figure">{t('map.show')}</label>
          <select id="map-figure" value={figure} onChange={(event) => update({ figure: event.target.value })}>
            {MAP_FIGURES.map((option) => (
              <option key={option} value={option}>
                {t(FIGURE_IDS[option])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">{t('map.intro')}</p>
      {figure === 'assets' ? <p className="muted">{t('map.assetsNote')}</p> : null}
      <RegionMap figure={figure} asOf={asOf} />
    </section>
  );
}
