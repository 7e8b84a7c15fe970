#!/usr/bin/env node
// Dev-time: turns shared/reference/geo/ukr-adm1.geojson (geoBoundaries, OCHA COD-AB; 761 kB) into
// web/public/geo/ukr-adm1.json, the small file the map fetches: each unit's outline already
// projected to SVG path data, simplified without opening gaps between neighbours (borders are split
// where the set of units sharing them changes, and each piece is simplified on its own, so both
// neighbours get the same points), and a point for its number.
//   node web/scripts/simplify-geo.mjs ../shared/reference/geo/ukr-adm1.geojson web/public/geo/ukr-adm1.json
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, toleranceArg] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: simplify-geo.mjs <in.geojson> <out.json> [tolerance in degrees]\n');
  process.exit(2);
}
const TOLERANCE = Number(toleranceArg ?? 0.012);
const WIDTH = 1000;
const LAT0 = 48.5;

const geo = JSON.parse(readFileSync(input, 'utf8'));
const key = ([x, y]) => `${x.toFixed(5)},${y.toFixed(5)}`;

// Every ring, with an id; which rings each point is on.
const rings = [];
for (const feature of geo.features) {
  const polygons =
    feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon) rings.push({ iso: feature.properties.shapeISO, points: ring.slice(0, -1) });
}
const owners = new Map();
rings.forEach((ring, index) => {
  for (const point of ring.points) {
    const k = key(point);
    if (!owners.has(k)) owners.set(k, new Set());
    owners.get(k).add(index);
  }
});
const ownersOf = (point) => [...owners.get(key(point))].sort().join(' ');

function perpendicular(p, a, b) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / length;
}

function douglasPeucker(points) {
  if (points.length <= 2) return points;
  let worst = 0;
  let at = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const distance = perpendicular(points[i], points[0], points.at(-1));
    if (distance > worst) [worst, at] = [distance, i];
  }
  if (worst <= TOLERANCE) return [points[0], points.at(-1)];
  return [...douglasPeucker(points.slice(0, at + 1)).slice(0, -1), ...douglasPeucker(points.slice(at))];
}

function simplifyRing(points) {
  const n = points.length;
  const fixed = points.map((p, i) => {
    const here = ownersOf(p);
    return i === 0 || here !== ownersOf(points[(i - 1 + n) % n]) || here !== ownersOf(points[(i + 1) % n]);
  });
  const closed = [...points, points[0]];
  const kept = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || fixed[i]) {
      kept.push(...douglasPeucker(closed.slice(start, i + 1)).slice(0, -1));
      start = i;
    }
  }
  return kept;
}

// Projection: equirectangular around 48.5° N, scaled to WIDTH.
const all = rings.flatMap((ring) => ring.points);
const cos0 = Math.cos((LAT0 * Math.PI) / 180);
const minX = Math.min(...all.map((p) => p[0])) * cos0;
const maxX = Math.max(...all.map((p) => p[0])) * cos0;
const maxY = Math.max(...all.map((p) => p[1]));
const minY = Math.min(...all.map((p) => p[1]));
const scale = WIDTH / (maxX - minX);
const HEIGHT = Math.ceil((maxY - minY) * scale);
const project = ([lon, lat]) => [(lon * cos0 - minX) * scale, (maxY - lat) * scale];
const round = (v) => Math.round(v * 10) / 10;

function area(points) {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [a, b] = [points[i], points[(i + 1) % points.length]];
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}
function centroid(points) {
  const a = area(points);
  let [cx, cy] = [0, 0];
  for (let i = 0; i < points.length; i++) {
    const [p, q] = [points[i], points[(i + 1) % points.length]];
    const f = p[0] * q[1] - q[0] * p[1];
    cx += (p[0] + q[0]) * f;
    cy += (p[1] + q[1]) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

// Where a unit's number goes when its centroid is crowded: Kyiv City sits inside Kyiv Oblast,
// Sevastopol beside Crimea; their numbers are printed beside them with a leader line.
const LABEL_SHIFT = { 'UA-32': [-55, -10], 'UA-30': [0, 0], 'UA-40': [-40, 25] };
const OUTSIDE = new Set(['UA-30', 'UA-40']);

// Official Ukrainian names (ISO 3166-2:UA), so that units missing from the catalogue (Crimea,
// Sevastopol) are named in both languages too; the catalogue's name_uk is preferred where present.
const NAMES_UK = {
  'UA-05': 'Вінницька область',
  'UA-07': 'Волинська область',
  'UA-09': 'Луганська область',
  'UA-12': 'Дніпропетровська область',
  'UA-14': 'Донецька область',
  'UA-18': 'Житомирська область',
  'UA-21': 'Закарпатська область',
  'UA-23': 'Запорізька область',
  'UA-26': 'Івано-Франківська область',
  'UA-30': 'Київ',
  'UA-32': 'Київська область',
  'UA-35': 'Кіровоградська область',
  'UA-40': 'Севастополь',
  'UA-43': 'Автономна Республіка Крим',
  'UA-46': 'Львівська область',
  'UA-48': 'Миколаївська область',
  'UA-51': 'Одеська область',
  'UA-53': 'Полтавська область',
  'UA-56': 'Рівненська область',
  'UA-59': 'Сумська область',
  'UA-61': 'Тернопільська область',
  'UA-63': 'Харківська область',
  'UA-65': 'Херсонська область',
  'UA-68': 'Хмельницька область',
  'UA-71': 'Черкаська область',
  'UA-74': 'Чернігівська область',
  'UA-77': 'Чернівецька область',
};

const units = geo.features.map((feature) => {
  const iso = feature.properties.shapeISO;
  const mine = rings.filter((ring) => ring.iso === iso);
  const projected = mine.map((ring) => simplifyRing(ring.points).map(project));
  const d = projected
    .filter((points) => points.length >= 3)
    .map((points) => `M${points.map(([x, y]) => `${round(x)} ${round(y)}`).join('L')}Z`)
    .join('');
  const largest = projected.reduce((best, points) =>
    Math.abs(area(points)) > Math.abs(area(best)) ? points : best,
  );
  const [cx, cy] = centroid(largest);
  const [sx, sy] = LABEL_SHIFT[iso] ?? [0, 0];
  return {
    iso,
    name: feature.properties.shapeName,
    name_uk: NAMES_UK[iso],
    d,
    anchor: [round(cx), round(cy)],
    label: [round(cx + sx), round(cy + sy)],
    beside: OUTSIDE.has(iso),
  };
});

const result = {
  attribution: 'Boundaries: geoBoundaries, OCHA COD-AB (CC BY 4.0 / CC BY-IGO)',
  source: 'geoBoundaries UKR ADM1 (Runfola D. et al. (2020) PLoS ONE 15(4): e0231866), simplified',
  width: WIDTH,
  height: HEIGHT,
  units: units.sort((a, b) => a.iso.localeCompare(b.iso)),
};
writeFileSync(output, `${JSON.stringify(result)}\n`);
process.stdout.write(`${units.length} units, ${JSON.stringify(result).length} bytes, ${WIDTH}×${HEIGHT}\n`);
