import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinationCell, TEST_COORDINATION_CELL } from '../../test/support/auth.js';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createAccountService } from '../core/auth/account.service.js';
import { createTokenService } from '../core/auth/token.service.js';

let database: TestDatabase;
let orgId: string;
const cli = (args: string[], input?: string) =>
  input === undefined ? runCli(['--database-url', database.url, ...args]) : runWithStdin(args, input);

/** runCli with the given text on stdin (for --password-stdin). */
async function runWithStdin(args: string[], input: string): Promise<CliResult> {
  const { spawn } = await import('node:child_process');
  const { repoRoot } = await import('../../test/support/cli.js');
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['bin/aidgrid.js', '--database-url', database.url, ...args], {
      cwd: repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = await createCoordinationCell(database.db);
}, 300_000);
afterAll(async () => database?.drop());

describe('aidgrid admin, user and token', () => {
  it('creates the first admin from a password on stdin, refusing a weak one in one line', async () => {
    const weak = await cli(
      ['admin', 'create', '--email', 'root@example.test', '--org', 'TCC', '--password-stdin'],
      'password1234\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toBe('aidgrid: the password is a commonly used password; choose another\n');

    const created = await cli(
      [
        'admin',
        'create',
        '--email',
        'root@example.test',
        '--org',
        TEST_COORDINATION_CELL,
        '--password-stdin',
        '--json',
      ],
      'a sturdy operator passphrase\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      email: 'root@example.test',
      role: 'admin',
      org_id: orgId,
      clearance: 'coalition',
    });

    const list = await cli(['user', 'list']);
    expect(list.stdout).toContain('root <root@example.test>  admin  coalition  of TCC');
    const disabled = await cli(['user', 'disable', 'ROOT@example.test']);
    expect(disabled.stdout).toBe('disabled root@example.test\n');
    expect(await createAccountService({ db: database.db }).find('root@example.test')).toMatchObject({
      disabled: true,
    });
  }, 300_000);

  it('prints a new token once as JSON for scripts; it works until revoked', async () => {
    const created = await cli([
      'token',
      'create',
      '--org',
      orgId,
      '--role',
      'coordinator',
      '--expires',
      '7d',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      org_id: string;
      role: string;
      expires_at: string;
    };
    expect(token).toMatchObject({ org_id: orgId, role: 'coordinator', clearance: 'restricted' });
    expect(token.token).toMatch(/^agt_/);
    const days = (new Date(token.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const tokens = createTokenService({ db: database.db });
    expect(await tokens.authenticate(token.token)).toMatchObject({
      id: `token:${token.id}`,
      role: 'coordinator',
    });
    const list = await cli(['token', 'list']);
    expect(list.stdout).toContain(token.id);
    expect(list.stdout).not.toContain(token.token);
    expect((await cli(['token', 'revoke', token.id])).code).toBe(0);
    expect(await tokens.authenticate(token.token)).toBeUndefined();
  }, 300_000);

  it('refuses an unknown organisation and role', async () => {
    const unknownOrg = await cli(['token', 'create', '--org', 'Atlantis', '--role', 'donor']);
    expect(unknownOrg.code).toBe(3);
    expect(unknownOrg.stderr).toBe(
      'aidgrid: no organisation of that name ("Atlantis")\nhint: give the id, the code or the exact name\n',
    );
    // A name near a known one is suggested: the same resolver as every other option that takes a record.
    const nearOrg = await cli(['token', 'create', '--org', 'Test Coordination Cel', '--role', 'donor']);
    expect(nearOrg.code).toBe(3);
    expect(nearOrg.stderr).toMatch(/^aidgrid: no organisation of that name; did you mean TCC\?\n/);
    const badRole = await cli(['token', 'create', '--org', orgId, '--role', 'emperor']);
    expect(badRole.code).toBe(2);
  }, 300_000);
});
