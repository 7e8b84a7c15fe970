import type { Executor } from './record.repository.js';

export interface NewAuditEntry {
  readonly actor: string;
  readonly action: 'create' | 'update' | 'delete' | 'link' | 'unlink' | 'load';
  readonly entity_type: string;
  readonly entity_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export async function insertAuditEntry(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({
      ...entry,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export async function listAuditEntries(db: Executor, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_entry')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
}
