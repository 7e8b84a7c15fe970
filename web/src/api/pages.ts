import { getJson } from './http.js';

/** Reads every page of a list endpoint (cursor paging, the API's largest page) into one array. */
export async function getAllPages<T>(url: string, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const join = url.includes('?') ? '&' : '?';
  do {
    const pageUrl: string = `${url}${join}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: T[]; next_cursor: string | null } = await getJson(pageUrl, { signal });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
