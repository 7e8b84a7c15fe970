import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales.js';

// Every message id the code names must be in each language's catalogue, and every catalogue entry
// must be named by the code: a missing key shows an id on screen, an unused one rots.

const here = path.dirname(fileURLToPath(import.meta.url));
const webSrc = path.resolve(here, '..');

function catalogue(locale: string): Map<string, string> {
  const messages = new Map<string, string>();
  for (const file of readdirSync(path.join(here, locale)).filter((name) => name.endsWith('.json'))) {
    const namespace = file.replace(/\.json$/, '');
    const entries = JSON.parse(readFileSync(path.join(here, locale, file), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const [key, message] of Object.entries(entries)) {
      if (typeof message !== 'string') throw new Error(`${locale}/${file}: ${key} is not a string`);
      messages.set(`${namespace}.${key}`, message);
    }
  }
  return messages;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const catalogues = Object.fromEntries(LOCALES.map((locale) => [locale, catalogue(locale)]));
const english = catalogues.en ?? new Map<string, string>();
const namespaces = new Set([...english.keys()].map((id) => id.split('.')[0]));

/** Every quoted `namespace.key` literal in the UI's code, with the files naming it. */
function usedIds(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sourceFiles(webSrc)) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/['"`]([a-z][a-zA-Z0-9-]*)\.([a-zA-Z0-9_.-]+)['"`]/g)) {
      const [, namespace, key] = match;
      if (!namespace || !namespaces.has(namespace)) continue;
      const id = `${namespace}.${key}`;
      used.set(id, [...(used.get(id) ?? []), path.relative(webSrc, file)]);
    }
  }
  return used;
}

describe('the message catalogues', () => {
  const used = usedIds();

  it('have the same namespaces and keys in every language', () => {
    for (const locale of LOCALES) {
      const messages = catalogues[locale] ?? new Map<string, string>();
      expect([...messages.keys()].sort(), `keys of ${locale} against en`).toEqual([...english.keys()].sort());
    }
  });

  it('hold every id the code names (no missing key)', () => {
    for (const locale of LOCALES) {
      const messages = catalogues[locale] ?? new Map<string, string>();
      const missing = [...used]
        .filter(([id]) => !messages.has(id))
        .map(([id, files]) => `${id} (${files[0]})`);
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
  });

  it('hold no id the code does not name (no unused key)', () => {
    const unused = [...english.keys()].filter((id) => !used.has(id));
    expect(unused, 'in the catalogues but never named in web/src').toEqual([]);
  });

  it('are valid ICU messages with the same placeholders in every language', () => {
    for (const [id, message] of english) {
      const names = placeholders(id, message, 'en');
      for (const locale of LOCALES) {
        const other = catalogues[locale]?.get(id);
        if (other === undefined) continue;
        expect(other.trim(), `${locale} ${id} is empty`).not.toBe('');
        expect(placeholders(id, other, locale), `placeholders of ${locale} ${id}`).toEqual(names);
      }
    }
  });

  it('are really translated: Ukrainian messages with words are written in Cyrillic', () => {
    const latinOnly = [...(catalogues.uk ?? new Map<string, string>())].filter(([id, message]) => {
      // Leave out ICU syntax (arguments, plural and select keywords), tags, codes and names.
      const words = message
        .replace(
          /\{\s*\w+\s*(,\s*(plural|select|number|date)\s*,)?|\b(one|few|many|other|yes|no|=0)\s*\{|[{}#]/g,
          ' ',
        )
        .replace(
          /<\/?[a-z]+>|aidgrid|API|CSV|HXL|EUR|ISO|UTC|ID|OCHA COD-AB|geoBoundaries|docs\/figures\.md/g,
          '',
        );
      return /[A-Za-z]{3,}/.test(words) && !/[А-Яа-яІіЇїЄєҐґ]/.test(words) && english.get(id) !== message;
    });
    expect(latinOnly.map(([id]) => id)).toEqual([]);
  });
});

/** The argument and tag names of an ICU message, sorted (parsing fails on a broken message). */
function placeholders(id: string, message: string, locale: string): string[] {
  const format = new IntlMessageFormat(message, locale === 'uk' ? 'uk-UA' : 'en-GB');
  const names = new Set<string>();
  const visit = (nodes: readonly unknown[]) => {
    for (const node of nodes as {
      type: number;
      value?: string;
      children?: unknown[];
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (node.type !== 0 && node.type !== 7 && node.value) names.add(node.value);
      if (node.children) visit(node.children);
      if (node.options) for (const option of Object.values(node.options)) visit(option.value);
    }
  };
  visit(format.getAst());
  expect(names, id).toBeDefined();
  return [...names].sort();
}
