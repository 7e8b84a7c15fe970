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
import type { Role } from '../../src/core/auth/actor.js';
import { type PlanJobs, startPlanJobs } from '../../src/core/planning/plan-jobs.js';
import { startConfiguredWebhookWorker, type WebhookWorker } from '../../src/core/webhooks/webhook-worker.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import {
  BROWSER_ADMIN_URL,
  browserDatabaseUrl,
  createDemoDatabase,
  DEMO_PASSWORD,
} from './browser-database.js';

export { DEMO_PASSWORD };

// Browser tests: the built UI and the whole API on a fresh database with the demo loaded, driven
// by Debian's Chromium through playwright-core. Without Chromium they are skipped, loudly.

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';
export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');
export const viewport = { width: 1280, height: 800 };

/** The demo's account for a role. */
export function demoEmail(role: Role): string {
  return `${role}@demo.aidgrid.test`;
}

export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`browser tests skipped: ${chromiumPath} not found`);
/** `describe` when Chromium is installed, `describe.skip` (with the warning above) when not. */
export const describeBrowser = hasChromium ? describe : describe.skip;

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: BROWSER_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
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
  /**
   * GETs JSON from the API the page talks to, as the role the world is signed in as (or
   * anonymously, or as `options.as`); fails on any status but 200.
   */
  api<T>(pathAndQuery: string, options?: { as?: Role | 'anonymous' }): Promise<T>;
  /**
   * Sends a change to the API as the role the world is signed in as (or `as`), with its session
   * cookie and CSRF token; answers the raw response.
   */
  send(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    pathAndQuery: string,
    body: unknown,
    options?: { as?: Role; headers?: Record<string, string> },
  ): Promise<Response>;
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

interface ApiSession {
  /** `__Host-aidgrid_session=…`, to send back as the Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in through the API and answers the session cookie to send back and the CSRF token. */
async function apiSession(baseUrl: string, role: Role): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(role), password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) {
    throw new Error(`signing in as ${role} answered ${response.status}: ${await response.text()}`);
  }
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('__Host-aidgrid_session='));
  if (!cookie) throw new Error(`signing in as ${role} set no __Host-aidgrid_session cookie`);
  const { csrf_token } = (await response.json()) as { csrf_token: string };
  return { cookie: cookie.split(';')[0] as string, csrfToken: csrf_token };
}

/**
 * Signs `page` in as the demo account of `role` through the login page, and comes back to the
 * page it was on. The page must already show the app (its origin is the app's).
 */
export async function signIn(page: Page, role: Role): Promise<void> {
  const current = new URL(page.url());
  await page.goto(
    `${current.origin}/login?next=${encodeURIComponent(`${current.pathname}${current.search}`)}`,
  );
  await page.getByLabel('Email').fill(demoEmail(role));
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.user-panel__name').waitFor();
  await page.waitForURL((url) => url.pathname === current.pathname);
}

/**
 * The built UI and the API on a new database with the demo, and a Chromium at 1280×800. With
 * `signedInAs`, the browser (every tab: one profile) starts signed in as that demo account, and
 * `api` reads as it too.
 */
export async function startBrowserWorld(options: { signedInAs?: Role } = {}): Promise<BrowserWorld> {
  ensureWebBuilt();
  const databaseName = `aidgrid_web_${randomBytes(6).toString('hex')}`;
  let database: DatabaseHandle | undefined;
  let databaseCreated = false;
  let app: FastifyInstance | undefined;
  let jobs: PlanJobs | undefined;
  let hooks: WebhookWorker | undefined;
  let profileDir: string | undefined;
  let browser: BrowserContext | undefined;

  async function close(): Promise<void> {
    await browser?.close();
    await app?.close();
    await jobs?.stop();
    await hooks?.stop();
    await database?.close();
    if (databaseCreated) await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }

  try {
    // A copy of the run's demo template (made by the first world), not a load of its own.
    await createDemoDatabase(databaseName);
    databaseCreated = true;
    database = connectDatabase(browserDatabaseUrl(databaseName), { max: 5 });

    // Plan runs are jobs: the server plans them with a worker of its own, as `aidgrid serve` does.
    jobs = await startPlanJobs({ db: database.db, url: database.url });
    // Notifications and webhooks come from the outbox's worker, as in `aidgrid serve`.
    hooks = await startConfiguredWebhookWorker({
      db: database.db,
      url: database.url,
      allowLoopback: false,
      retryBaseMs: 10_000,
    });
    // With its URL, as `aidgrid serve` builds it: imports run on connections of their own.
    app = await buildApp({ db: database.db, planWorker: jobs.local, databaseUrl: database.url });
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
    const sessions = new Map<Role, ApiSession>();
    const sessionOf = async (role: Role): Promise<ApiSession> => {
      const known = sessions.get(role);
      if (known) return known;
      const session = await apiSession(baseUrl, role);
      sessions.set(role, session);
      return session;
    };

    if (options.signedInAs) {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await signIn(page, options.signedInAs);
      await page.close();
    }

    return {
      baseUrl,
      browser: context,
      async api<T>(pathAndQuery: string, apiOptions: { as?: Role | 'anonymous' } = {}): Promise<T> {
        const as = apiOptions.as ?? options.signedInAs ?? 'anonymous';
        const headers: Record<string, string> =
          as === 'anonymous' ? {} : { cookie: (await sessionOf(as)).cookie };
        const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers });
        if (response.status !== 200) {
          throw new Error(`GET ${pathAndQuery} answered ${response.status}: ${await response.text()}`);
        }
        return (await response.json()) as T;
      },
      async send(method, pathAndQuery, body, sendOptions = {}) {
        const as = sendOptions.as ?? options.signedInAs;
        if (!as) throw new Error('send needs a role: the world is not signed in');
        const session = await sessionOf(as);
        return fetch(`${baseUrl}${pathAndQuery}`, {
          method,
          headers: {
            'content-type': 'application/json',
            cookie: session.cookie,
            'x-csrf-token': session.csrfToken,
            ...sendOptions.headers,
          },
          body: JSON.stringify(body),
        });
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
