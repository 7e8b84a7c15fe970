import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

// IATI XML is checked by libxml2's xmllint (Debian libxml2-utils) against the official schema kept
// in src/interchange/iati-reference/. Without xmllint the checks are skipped with a warning, except
// where AIDGRID_REQUIRE_XMLLINT=1 (CI): there a missing xmllint is a failing test.

const reference = fileURLToPath(new URL('../../src/interchange/iati-reference/', import.meta.url));
export const IATI_ACTIVITY_SCHEMA = `${reference}schema/iati-activities-schema.xsd`;
const xmllintPath = '/usr/bin/xmllint';
export const hasXmllint = existsSync(xmllintPath);

/** `describe` when xmllint is installed; otherwise skipped loudly, or failing when CI requires it. */
export function describeXmllint(name: string, body: () => void): void {
  if (hasXmllint) {
    describe(name, body);
  } else if (process.env.AIDGRID_REQUIRE_XMLLINT === '1') {
    describe(name, () => {
      it('needs xmllint (apt-get install libxml2-utils)', () => {
        throw new Error(`${xmllintPath} not found, and AIDGRID_REQUIRE_XMLLINT=1`);
      });
    });
  } else {
    console.warn(`IATI schema checks skipped: ${xmllintPath} not found (apt-get install libxml2-utils)`);
    describe.skip(name, body);
  }
}

/** xmllint's verdict on a document against the IATI 2.03 activity schema: ok, or its messages. */
export function validateIatiActivities(xml: string): { ok: boolean; messages: string } {
  const result = spawnSync(xmllintPath, ['--noout', '--nonet', '--schema', IATI_ACTIVITY_SCHEMA, '-'], {
    input: xml,
    encoding: 'utf8',
  });
  return { ok: result.status === 0, messages: `${result.stderr}${result.error ?? ''}` };
}

/** The codes of an IATI codelist shipped in iati-reference/codelists/ (e.g. 'TransactionType'). */
export function iatiCodes(codelist: string): Set<string> {
  const xml = readFileSync(`${reference}codelists/${codelist}.xml`, 'utf8');
  return new Set([...xml.matchAll(/<code>([^<]+)<\/code>/g)].map((match) => match[1] as string));
}
