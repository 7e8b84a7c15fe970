/** The two downloads of a list or report: plain CSV (one header row) and HXL-tagged CSV (a hashtag row too). */
export interface ExportUrls {
  readonly csv: string;
  readonly hxl: string;
}

/** The record kinds and reports with a CSV export (src/api/routes/exports). */
export type ExportKind = 'needs' | 'pledges' | 'gaps';

/**
 * The export of `kind` (GET /api/v1/exports/{kind}.csv) for exactly what a list shows: the same filter
 * parameters its API call sends, taken from the page's query. Sort and cursor are left out: the
 * export holds every page, in the export's order.
 */
export function exportUrls(
  kind: ExportKind,
  query: URLSearchParams,
  allowed: readonly string[],
  fixed: Readonly<Record<string, string>> = {},
): ExportUrls {
  const params = new URLSearchParams(fixed);
  for (const name of allowed) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  const base = `/api/v1/exports/${kind}.csv`;
  const hxl = params.toString();
  params.set('hxl', 'false');
  return { csv: `${base}?${params.toString()}`, hxl: `${base}${hxl ? `?${hxl}` : ''}` };
}
