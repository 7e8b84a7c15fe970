import type { BackupStatus } from './contract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** Backups, verified restores and WAL archiving of the instance (admins only). */
export function useBackups(): Remote<BackupStatus> {
  return useRemote('/api/v1/admin/backups', (signal) =>
    getJson<BackupStatus>('/api/v1/admin/backups', { signal }),
  );
}
