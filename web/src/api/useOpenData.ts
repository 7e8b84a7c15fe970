import type { OpenDataRelease } from './contract.js';
import { getJson, sendJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

export const OPEN_DATA_URL = '/api/v1/open-data';
/** The Atom feed of releases (public). */
export const OPEN_DATA_FEED_URL = '/api/v1/open-data/feed.atom';

/** Where a release's file downloads from. */
export function releaseFileUrl(release: number | 'latest', file: string): string {
  return `${OPEN_DATA_URL}/${release}/${encodeURIComponent(file)}`;
}

/** The open data releases, newest first (public); `version` changes after a publish to read them again. */
export function useOpenDataReleases(version: number): Remote<{ readonly items: OpenDataRelease[] }> {
  return useRemote(`${OPEN_DATA_URL}#${version}`, (signal) =>
    getJson<{ items: OpenDataRelease[] }>(OPEN_DATA_URL, { signal }),
  );
}

/** Publishes the next release, or with `dryRun` answers what it would hold and stores nothing. */
export function publishRelease(dryRun: boolean): Promise<OpenDataRelease> {
  return sendJson<OpenDataRelease>('POST', OPEN_DATA_URL, { dry_run: dryRun });
}
