#!/usr/bin/env node
// Builds the web UI when web/dist/index.html is missing or older than its sources, so that
// `npm start` (and the browser tests) never serve a stale or absent UI. Exits non-zero when the
// build fails or the first screen's JavaScript is over budget (web/check-bundle.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(webDir);
const builtIndex = path.join(webDir, 'dist', 'index.html');

/** Newest modification time of a file or of any file below a folder. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function buildReason() {
  if (!existsSync(builtIndex)) return 'web/dist/index.html is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) => path.join(webDir, name));
  const changed = sources.find((source) => newestMtime(source) > builtAt);
  return changed ? `${path.relative(repoRoot, changed)} changed since the last build` : undefined;
}

const reason = buildReason();
if (reason === undefined) {
  process.stderr.write('web UI is up to date (web/dist)\n');
} else {
  process.stderr.write(`building the web UI: ${reason}\n`);
  const vite = path.join(repoRoot, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--config', 'web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
    // Always the production build: under Vitest NODE_ENV is 'test', which makes Vite bundle React's
    // development runtime (the bundle then passes the 400 kB budget).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.error) {
    process.stderr.write(`could not run vite: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.stderr.write(`the web UI build failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status || 1);
  }
}

// The size budget is checked after every build, and also when the build was already fresh.
const check = spawnSync(process.execPath, [path.join(webDir, 'check-bundle.mjs')], { stdio: 'inherit' });
if (check.error || check.status !== 0) {
  process.stderr.write('the web UI is over its size budget (web/check-bundle.mjs)\n');
  process.exit(check.status || 1);
}
