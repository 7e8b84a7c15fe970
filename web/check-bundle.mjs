#!/usr/bin/env node
// Checks the built UI: the JavaScript the browser loads for the first screen must stay under
// 400 kB gzipped. The first screen is the overview: the entry script of web/dist/index.html, its
// static imports, and what it loads lazily on arrival (its charts and map, and the message
// catalogues of ONE language). Other screens are lazy pages (web/src/pages/**) fetched when the
// reader goes there; they do not count, and neither does the other language's catalogue.
// Vite's manifest (web/dist/.vite/manifest.json) says which chunk comes from which source file.
// Prints the first-screen figure and, for information, everything reachable; exits 1 when the
// first screen is over the limit.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 400 * 1024;
const LOCALES = ['en', 'uk'];
const distDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const manifestFile = path.join(distDir, '.vite', 'manifest.json');

if (!existsSync(manifestFile)) {
  process.stderr.write('check-bundle: web/dist/.vite/manifest.json is missing — build the UI first\n');
  process.exit(1);
}

/** @type {Record<string, {file: string, src?: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const entryKeys = Object.entries(manifest)
  .filter(([, chunk]) => chunk.isEntry)
  .map(([key]) => key);
if (entryKeys.length === 0) {
  process.stderr.write('check-bundle: the manifest names no entry chunk\n');
  process.exit(1);
}

const isPage = (key) => /(^|\/)src\/pages\//.test(key);
const catalogueLocale = (key) => /(?:^|\/)src\/i18n\/([a-z]{2})\/[^/]+\.json$/.exec(key)?.[1];

/**
 * Manifest keys reachable from the entries. Static imports are always followed; a lazy import is
 * followed unless it is another screen's page or a catalogue of a language other than `locale`
 * (`locale` undefined: every lazy import is followed).
 */
function reachable(locale) {
  const seen = new Set();
  function visit(key) {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    const chunk = manifest[key];
    for (const next of chunk.imports ?? []) visit(next);
    for (const next of chunk.dynamicImports ?? []) {
      if (locale === undefined) visit(next);
      else if (isPage(next)) continue;
      else if (catalogueLocale(next) !== undefined && catalogueLocale(next) !== locale) continue;
      else visit(next);
    }
  }
  for (const key of entryKeys) visit(key);
  return seen;
}

const gzippedSize = new Map();
function sizeOf(keys) {
  const files = new Set([...keys].map((key) => manifest[key].file).filter((file) => file.endsWith('.js')));
  let total = 0;
  for (const file of files) {
    if (!gzippedSize.has(file)) {
      gzippedSize.set(file, gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length);
    }
    total += gzippedSize.get(file);
  }
  return { total, files };
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const perLocale = LOCALES.map((locale) => ({ locale, ...sizeOf(reachable(locale)) }));
const first = perLocale.reduce((a, b) => (b.total > a.total ? b : a));
const all = sizeOf(reachable(undefined));
const largest = [...first.files]
  .sort((a, b) => gzippedSize.get(b) - gzippedSize.get(a))
  .slice(0, 5)
  .map((file) => `  ${file}: ${kB(gzippedSize.get(file))}`);

const verdict = first.total <= LIMIT_BYTES ? 'ok' : 'TOO LARGE';
process.stdout.write(
  `first-screen JavaScript, gzipped: ${perLocale.map((x) => `${kB(x.total)} in ${x.locale} (${x.files.size} files)`).join(', ')}; ` +
    `limit ${kB(LIMIT_BYTES)} — ${verdict}\n` +
    `every screen and both languages: ${kB(all.total)} (${all.files.size} files), loaded only as readers go there\n` +
    `largest first-screen chunks (${first.locale}):\n${largest.join('\n')}\n`,
);
if (first.total > LIMIT_BYTES) process.exit(1);
