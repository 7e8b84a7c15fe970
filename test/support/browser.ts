import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createDemoService } from '../../src/core/demo/demo.service.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

// Browser tests: the built UI and the whole API on a fresh database with the demo loaded, driven
// by Debian's Chromium through playwright-core. Without Chromium they are skipped, loudly.

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';
export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');
export const viewport = { width: 1280, height: 800 };
const adminUrl = 'postgres://postgres@127.0.0.1:5432/test';

export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`browser tests skipped: ${chromiumPath} not found`);
/** `describe` when Chromium is installed, `describe.skip` (with the warning above) when not. */
export const describeBrowser = hasChromium ? describe : describe.skip;

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Builds the UI if its sources changed (and checks its size budget); throws with the output on failure. */
export function ensureWebBuilt(): void {
  const build = spawnSync(process.execPath, ['web/ensure-built.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`web/ensure-built.mjs failed:\n${build.stdout}\n${build.stderr}`);
  }
}

export interface BrowserWorld {
  readonly baseUrl: string;
  readonly browser: BrowserContext;
  /** GETs JSON from the API the page talks to; fails on any status but 200. */
  api<T>(pathAndQuery: string): Promise<T>;
  /**
   * A fresh tab on `url`; `problems` collects script errors and console errors. With
   * allowFailedResources, a 4xx the page provokes on purpose (a rejected save) is not a problem.
   */
  open(
    url: string,
    options?: { allowFailedResources?: boolean },
  ): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/** The built UI and the API on a new database with the demo, and a Chromium at 1280×800. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  ensureWebBuilt();
  const databaseName = `aidgrid_web_${randomBytes(6).toString('hex')}`;
  let database: DatabaseHandle | undefined;
  let databaseCreated = false;
  let app: FastifyInstance | undefined;
  let profileDir: string | undefined;
  let browser: BrowserContext | undefined;

  async function close(): Promise<void> {
    await browser?.close();
    await app?.close();
    await database?.close();
    if (databaseCreated) await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }

  try {
    await adminQuery(`CREATE DATABASE ${databaseName}`);
    databaseCreated = true;
    database = connectDatabase(databaseUrl(databaseName), { max: 5 });
    await migrateToLatest(database.db);
    await createDemoService({ db: database.db }).load({});

    app = await buildApp({ db: database.db });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

    profileDir = await mkdtemp(path.join(tmpdir(), 'aidgrid-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport,
    });
    await mkdir(screenshotsDir, { recursive: true });
    const context = browser;

    return {
      baseUrl,
      browser: context,
      async api<T>(pathAndQuery: string): Promise<T> {
        const response = await fetch(`${baseUrl}${pathAndQuery}`);
        if (response.status !== 200) {
          throw new Error(`GET ${pathAndQuery} answered ${response.status}: ${await response.text()}`);
        }
        return (await response.json()) as T;
      },
      async open(url: string, options: { allowFailedResources?: boolean } = {}) {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          if (options.allowFailedResources && message.text().includes('Failed to load resource')) return;
          problems.push(`console error: ${message.text()}`);
        });
        await page.goto(`${baseUrl}${url}`);
        return { page, problems };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A screenshot of the visible window (or the whole page) into test-results/screenshots/{name}.png. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({
    path: path.join(screenshotsDir, `${name}.png`),
    fullPage: options.fullPage ?? false,
  });
}
