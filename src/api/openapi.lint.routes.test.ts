import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateApi } from 'swagger-typescript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

/*
 * The published OpenAPI document, checked by tools that are not ours: Redocly's linter with the
 * committed redocly.yaml (zero errors; examples are validated against their schemas), and a
 * TypeScript client generated from it (swagger-typescript-api) that must compile with tsc — and
 * must refuse a body the API would refuse, so the generated types carry the document's rules.
 */

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

let t: TestApp;
let dir: string;
let documentFile: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(join(tmpdir(), 'aidgrid-openapi-'));
  documentFile = join(dir, 'openapi.json');
  const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  await writeFile(documentFile, response.body);
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function tsc(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom'],
      types: [],
    },
    files: Object.keys(files),
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(config));
  try {
    const { stdout } = await run(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')]);
    return { ok: true, output: stdout };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('OpenAPI document, checked by independent tools', () => {
  it('passes `redocly lint` with the committed redocly.yaml, with zero errors', async () => {
    const cli = join(root, 'node_modules/@redocly/cli/bin/cli.js');
    const result = await run(
      process.execPath,
      [cli, 'lint', documentFile, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
      },
    ).catch((error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      code: error.code,
    }));
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);

  it('generates a TypeScript client that compiles, and whose types refuse a bad priority', async () => {
    const spec = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    const { files } = await generateApi({ spec, fileName: 'aidgrid-client.ts', silent: true, output: false });
    const client = files.find((file) => file.fileName.startsWith('aidgrid-client'));
    expect(client).toBeDefined();
    const need = (priority: string) => `
      import { Api } from './aidgrid-client';
      const api = new Api({ baseUrl: 'http://localhost:8080' });
      export const created = api.api.postNeeds({
        recipient_org_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        region_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        item_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        quantity: 120,
        priority: '${priority}',
        needed_by: '2022-11-29',
      });`;
    const good = await tsc({ 'aidgrid-client.ts': client?.fileContent ?? '', 'use.ts': need('critical') });
    expect(good.output).toBe('');
    expect(good.ok).toBe(true);
    const bad = await tsc({ 'aidgrid-client.ts': client?.fileContent ?? '', 'use.ts': need('urgent') });
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('"urgent"');
  }, 180_000);
});
