import { useEffect, useState } from 'react';
import { formatCount, formatMoneyShort, formatQuantity } from '../../format.js';
import { T, useLocale, useT } from '../../i18n/index.js';
import { localName } from '../../i18n/names.js';
import { Link, navigate } from '../../router.js';
import { FIGURE_IDS, type MapData, type MapFigure } from './mapFigures.js';

/** One unit of web/public/geo/ukr-adm1.json (made by web/scripts/simplify-geo.mjs). */
interface GeoUnit {
  readonly iso: string;
  readonly name: string;
  readonly name_uk: string;
  readonly d: string;
  readonly anchor: readonly [number, number];
  readonly label: readonly [number, number];
  readonly beside: boolean;
}
interface Geo {
  readonly attribution: string;
  readonly width: number;
  readonly height: number;
  readonly units: readonly GeoUnit[];
}

let geoLoad: Promise<Geo> | undefined;
/** The outlines, fetched once per page load when a map is first shown (about 15 kB gzipped). */
function loadGeo(): Promise<Geo> {
  geoLoad ??= fetch('/geo/ukr-adm1.json').then((response) => {
    if (!response.ok) throw new Error(`/geo/ukr-adm1.json answered ${response.status}`);
    return response.json() as Promise<Geo>;
  });
  return geoLoad;
}

const CLASSES = 5;

/** The class (1…5) of a value between 0 and max; 0 is its own class, so that none is never "a little". */
function classOf(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(CLASSES, Math.ceil((value / max) * CLASSES));
}

function formatFigure(figure: MapFigure, value: number): string {
  if (figure === 'unmet') return formatMoneyShort(value, 'EUR');
  if (figure === 'risk') return formatQuantity(value);
  return formatCount(value);
}

/** A number short enough to print on a region. */
function shortFigure(figure: MapFigure, value: number): string {
  if (figure === 'unmet' || figure === 'critical' || figure === 'risk') return formatFigure(figure, value);
  if (value >= 1e6) return `${formatQuantity(Math.round(value / 1e5) / 10)}M`;
  if (value >= 1e3) return `${formatQuantity(Math.round(value / 100) / 10)}K`;
  return formatCount(value);
}

interface Props {
  readonly data: MapData;
  /** Where a region leads: the list filtered to it. */
  readonly hrefFor: (regionId: string, figure: MapFigure) => string;
  /** The overview's small map leaves the table for the full page. */
  readonly compact?: boolean;
}

/**
 * Ukraine's 27 first-level units coloured by the chosen figure, each with its number printed (colour
 * never carries it alone), a link to the region's records, and the same figures as a table. Units the
 * catalogue or the figure has nothing for are hatched and say "no data", never 0.
 */
export default function ChoroplethMap({ data, hrefFor, compact = false }: Props) {
  const t = useT();
  const locale = useLocale();
  const [geo, setGeo] = useState<Geo | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    loadGeo().then(setGeo, (error: unknown) => setFailed(String(error)));
  }, []);
  if (failed) return <p className="state state--error">{t('map.geoFailed', { detail: failed })}</p>;
  if (!geo) return <p className="muted">{t('map.drawing')}</p>;

  const figureName = t(FIGURE_IDS[data.figure]);
  const max = Math.max(0, ...[...data.regions.values()].map((region) => region.value ?? 0));
  const units = geo.units.map((unit) => {
    const region = data.regions.get(unit.iso);
    const name = region ? localName(region, locale) : locale === 'uk' ? unit.name_uk : unit.name;
    const value = region?.value ?? null;
    const text = value === null ? t('map.noData') : formatFigure(data.figure, value);
    return { unit, region, name, value, text };
  });
  const ranked = [...units].sort(
    (a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name, locale),
  );
  const legendTop = (k: number) => formatFigure(data.figure, (max * k) / CLASSES);

  return (
    <figure className={`choropleth${compact ? ' choropleth--compact' : ''}`}>
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a fieldset; the group names the map. */}
      <svg
        className="choropleth__svg"
        viewBox={`0 0 ${geo.width} ${geo.height}`}
        role="group"
        aria-label={t('map.svgLabel', { figure: figureName })}
      >
        <defs>
          <pattern
            id="choropleth-hatch"
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="8" height="8" className="choropleth__nodata-bg" />
            <line x1="0" y1="0" x2="0" y2="8" className="choropleth__nodata-line" />
          </pattern>
        </defs>
        {units.map(({ unit, region, name, value, text }) => {
          const fill = value === null ? 'url(#choropleth-hatch)' : `var(--map-${classOf(value, max)})`;
          const label = t('map.unitLabel', { name, figure: figureName, value: text });
          const shape = (
            <path key="shape" d={unit.d} fill={fill} fillRule="evenodd" className="choropleth__unit">
              <title>{label}</title>
            </path>
          );
          return region ? (
            <a
              key={unit.iso}
              href={hrefFor(region.id, data.figure)}
              aria-label={label}
              className="choropleth__link"
              onClick={(event) => {
                // In-page navigation on a plain click, like <Link> (an SVG anchor cannot be one).
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
                  return;
                event.preventDefault();
                navigate(hrefFor(region.id, data.figure));
              }}
            >
              {shape}
            </a>
          ) : (
            // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an SVG <g> is not interactive; a unit without a record is a labelled picture.
            <g key={unit.iso} role="img" aria-label={label}>
              {shape}
            </g>
          );
        })}
        {units.map(({ unit, value }) => {
          const [x, y] = unit.label;
          const [ax, ay] = unit.anchor;
          const printed = value === null ? '—' : shortFigure(data.figure, value);
          const dark = value !== null && classOf(value, max) >= 4;
          return (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: the printed numbers are not focusable; each unit's label already says them.
            <g key={`label-${unit.iso}`} className="choropleth__label" aria-hidden="true">
              {unit.beside ? <line x1={ax} y1={ay} x2={x} y2={y} className="choropleth__leader" /> : null}
              <text
                x={x}
                y={y}
                textAnchor="middle"
                dominantBaseline="middle"
                className={dark ? 'choropleth__num choropleth__num--dark' : 'choropleth__num'}
              >
                {printed}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="choropleth__legend">
        <span className="choropleth__legend-title">{figureName}</span>
        <span className="choropleth__key">
          <span className="choropleth__swatch" style={{ background: 'var(--map-0)' }} aria-hidden="true" />
          {formatFigure(data.figure, 0)}
        </span>
        {[1, 2, 3, 4, 5].map((k) => (
          <span key={k} className="choropleth__key">
            <span
              className="choropleth__swatch"
              style={{ background: `var(--map-${k})` }}
              aria-hidden="true"
            />
            {t('map.upTo', { value: legendTop(k) })}
          </span>
        ))}
        <span className="choropleth__key">
          <span className="choropleth__swatch choropleth__swatch--nodata" aria-hidden="true" />
          {t('map.noData')}
        </span>
        <span className="choropleth__attribution">{t('map.attribution')}</span>
      </figcaption>
      {compact ? null : (
        <table className="data-table choropleth__table">
          <caption>{t('map.tableCaption', { figure: figureName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('map.region')}</th>
              <th scope="col">{t('map.code')}</th>
              <th scope="col" className="num">
                {figureName}
              </th>
            </tr>
          </thead>
          <tbody>
            {ranked.map(({ unit, region, name, text }) => (
              <tr key={unit.iso}>
                <th scope="row">
                  {region ? <Link to={hrefFor(region.id, data.figure)}>{name}</Link> : name}
                </th>
                <td>{unit.iso}</td>
                <td className="num">{text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {compact ? (
        <p className="choropleth__more">
          <T id="map.fullMap" values={{ link: (text) => <Link to="/map">{text}</Link> }} />
        </p>
      ) : null}
    </figure>
  );
}
