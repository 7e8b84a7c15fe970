#!/usr/bin/env node
// Compiles src/ to dist/ (JavaScript, no TypeScript at run time) when dist/ is missing or older than
// its sources. rootDir src → outDir dist keeps every file at the same depth, so paths a module builds
// from import.meta.url to files outside src (../package.json, ../../../web/dist/) resolve alike from
// both; files inside src that are not TypeScript (migrations, word lists, the worker bootstrap) are
// copied beside the JavaScript. TypeScript's own compiler emits (type checking is `npm run check`'s
// job): measured here at 0.7–1.0 s against esbuild's 0.5 s, and it needs no extra package.
// Run by `npm install` (prepare), by bin/aidgrid.js before it starts, and by the tests' global setup.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const srcDir = path.join(repoRoot, 'src');
export const distDir = path.join(repoRoot, 'dist');
const stampFile = path.join(distDir, '.built');
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'bin/ensure-dist.mjs'];

const isTest = (name) => name.endsWith('.test.ts');

/** Newest modification time below a folder: its files except tests, and the folders themselves (a deleted file changes its folder). */
function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!isTest(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Why dist/ must be built, or undefined when it is up to date. */
export function staleReason() {
  if (!existsSync(stampFile)) return 'dist/ is missing';
  const builtAt = statSync(stampFile).mtimeMs;
  if (newestMtime(srcDir) > builtAt) return 'src/ changed since the last build';
  const changed = inputs.find((name) => statSync(path.join(repoRoot, name)).mtimeMs > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

/** Copies every file of src/ that is neither TypeScript nor a test into `outDir`, at the same place. */
function copyAssets(from, outDir) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const full = path.join(from, entry.name);
    const target = path.join(outDir, path.relative(srcDir, full));
    if (entry.isDirectory()) copyAssets(full, outDir);
    else if (!entry.name.endsWith('.ts')) {
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(full, target);
    }
  }
}

/**
 * Builds dist/ into a fresh folder and then swaps it in, so that a process starting meanwhile never
 * loads half a build. Throws when the compiler fails.
 */
export function buildDist() {
  const building = `${distDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', building], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error || result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(
      `could not compile src/ to dist/ (tsc ${result.error?.message ?? `exit ${result.status}`})`,
    );
  }
  copyAssets(srcDir, building);
  writeFileSync(path.join(building, '.built'), `${new Date().toISOString()}\n`);
  const old = `${distDir}.old-${process.pid}`;
  try {
    renameSync(distDir, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(building, distDir);
  } catch (error) {
    // Another process swapped its build in first: theirs is as fresh as ours.
    if (!existsSync(stampFile)) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

/** Builds dist/ when it is stale; says why on stderr unless `quiet`. Returns whether it built. */
export function ensureDist({ quiet = false } = {}) {
  const reason = staleReason();
  if (reason === undefined) return false;
  if (!quiet) process.stderr.write(`aidgrid: compiling src/ to dist/ (${reason})\n`);
  buildDist();
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (process.argv.includes('--force')) buildDist();
    else if (!ensureDist({ quiet: true })) process.stderr.write('dist/ is up to date\n');
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
