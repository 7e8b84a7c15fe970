import { describe, expect, it } from 'vitest';
import { Conflict, DomainError, NotFound } from '../core/errors.js';
import { CliError, describeFailure, EXIT } from './output.js';

/** A node-postgres error as the driver raises it. */
function databaseError(code: string, message: string, extra: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });
}

describe('CLI failures', () => {
  it('maps domain errors to the documented exit codes', () => {
    expect(describeFailure(NotFound('plan', 'x')).exitCode).toBe(EXIT.notFound);
    expect(describeFailure(Conflict('stale_plan', 'stale')).exitCode).toBe(EXIT.conflict);
    expect(describeFailure(new DomainError('invalid_record', 422, 'bad')).exitCode).toBe(EXIT.usage);
    expect(describeFailure(new DomainError('forbidden', 403, 'no')).exitCode).toBe(EXIT.forbidden);
    expect(describeFailure(new CliError('--impact: bad')).exitCode).toBe(EXIT.usage);
    expect(describeFailure(new Error('boom')).exitCode).toBe(EXIT.failure);
  });

  it('never passes a database message on', () => {
    const uuid = describeFailure(databaseError('22P02', 'invalid input syntax for type uuid: "1234"'));
    expect(uuid).toMatchObject({ message: '1234 is not a valid id', exitCode: EXIT.usage });
    const check = describeFailure(
      databaseError(
        '23514',
        'new row for relation "incident" violates check constraint "incident_kind_check"',
        {
          table: 'incident',
          constraint: 'incident_kind_check',
        },
      ),
    );
    expect(check.message).toBe('the incident has a value that is not allowed');
    expect(JSON.stringify(check)).not.toContain('incident_kind_check');
    const other = describeFailure(databaseError('42P01', 'relation "plan_run" does not exist'));
    expect(other.message).toBe('the database refused the command (SQLSTATE 42P01)');
    expect(other.exitCode).toBe(EXIT.failure);
  });

  it('gives a hint where one helps', () => {
    expect(describeFailure(new DomainError('unknown_name', 404, 'no plant of that name')).hint).toBe(
      'give the id, the code or the exact name',
    );
  });
});
