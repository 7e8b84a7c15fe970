#!/usr/bin/env node
// Checks the built UI: the JavaScript the browser loads for the first screen must stay under
// 400 kB gzipped. The first screen loads the entry script of web/dist/index.html, its
// modulepreloads and their static imports, and then whatever the overview lazy-loads (its
// charts). Which lazy chunks the overview needs cannot be told from the files, so the budget is
// checked against everything reachable from the entry, lazy pages included: an upper bound.
// Prints both figures; exits 1 when the upper bound is over the limit.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 400 * 1024;
const distDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const indexFile = path.join(distDir, 'index.html');

if (!existsSync(indexFile)) {
  process.stderr.write('check-bundle: web/dist/index.html is missing — build the UI first\n');
  process.exit(1);
}

const html = readFileSync(indexFile, 'utf8');
const entries = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((match) => match[1]);

if (entries.length === 0) {
  process.stderr.write('check-bundle: web/dist/index.html loads no module script\n');
  process.exit(1);
}

// `import{a}from"./x.js"` or `import"./x.js"` is static; `import("./x.js")` is lazy.
// The minifier may quote with ', " or `.
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+?from\s*)?["'`]([^"'`]+\.js)["'`]/g;
const LAZY_IMPORT = /import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** Every chunk reachable from the entries; lazy imports followed only when `lazy` is set. */
function reachable(lazy) {
  const seen = new Set();
  function visit(file) {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const patterns = lazy ? [STATIC_IMPORT, LAZY_IMPORT] : [STATIC_IMPORT];
    for (const pattern of patterns) {
      for (const match of code.matchAll(pattern)) visit(path.resolve(path.dirname(file), match[1]));
    }
  }
  for (const entry of entries) visit(path.join(distDir, entry.replace(/^\//, '')));
  return seen;
}

const gzippedSize = new Map();
function sizeOf(files) {
  let total = 0;
  for (const file of files) {
    if (!gzippedSize.has(file)) gzippedSize.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
    total += gzippedSize.get(file);
  }
  return total;
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const eager = reachable(false);
const all = reachable(true);
const eagerSize = sizeOf(eager);
const allSize = sizeOf(all);
const largest = [...all]
  .sort((a, b) => gzippedSize.get(b) - gzippedSize.get(a))
  .slice(0, 5)
  .map((file) => `  ${path.relative(distDir, file)}: ${kB(gzippedSize.get(file))}`);

const verdict = allSize <= LIMIT_BYTES ? 'ok' : 'TOO LARGE';
process.stdout.write(
  `first-screen JavaScript, gzipped: ${kB(eagerSize)} loaded up front (${eager.size} files); ` +
    `${kB(allSize)} with every lazy chunk (${all.size} files), limit ${kB(LIMIT_BYTES)} — ${verdict}\n` +
    `largest chunks:\n${largest.join('\n')}\n`,
);
if (allSize > LIMIT_BYTES) process.exit(1);
