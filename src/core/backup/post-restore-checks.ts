import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { createAggregateService } from '../aggregates/aggregate.service.js';
import { createAuditService } from '../audit/audit.service.js';

/** What a restored database must still prove; the backup (or dump) says what it held. */
export interface RestoreExpectation {
  /** The audit head recorded when the backup ended (or the dump was taken); null for an empty log. */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly summary: string;
}

/** One check run on every restored database. */
export interface PostRestoreCheck {
  readonly name: string;
  run(db: Kysely<Database>, expected: RestoreExpectation): Promise<CheckResult>;
}

/** The audit chain verifies and still holds the head recorded in the backup. */
export const auditChainCheck: PostRestoreCheck = {
  name: 'audit verify',
  async run(db, expected) {
    const result = await createAuditService({ db }).verify(expected.auditHead ?? undefined);
    return { name: this.name, ok: result.ok, summary: result.summary };
  },
};

/** The aggregate cells equal a recomputation from the restored rows (`aidgrid aggregates verify`). */
export const aggregateCellsCheck: PostRestoreCheck = {
  name: 'aggregates verify',
  async run(db) {
    const result = await createAggregateService({ db }).verify();
    return { name: this.name, ok: result.ok, summary: result.summary };
  },
};

/** The checks every restore, import and restore test runs, in order. */
export const postRestoreChecks: readonly PostRestoreCheck[] = [auditChainCheck, aggregateCellsCheck];

/** Runs every check (a failure does not stop the others) and says whether all passed. */
export async function runPostRestoreChecks(
  db: Kysely<Database>,
  expected: RestoreExpectation,
  checks: readonly PostRestoreCheck[] = postRestoreChecks,
): Promise<{ ok: boolean; checks: CheckResult[] }> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(await check.run(db, expected));
    } catch (error) {
      // A database error's text is not shown; its SQLSTATE (or the error's name) is enough to look it up.
      const code = (error as { code?: unknown }).code;
      results.push({
        name: check.name,
        ok: false,
        summary: `could not run (${typeof code === 'string' ? code : (error as Error).name})`,
      });
    }
  }
  return { ok: results.every((result) => result.ok), checks: results };
}
