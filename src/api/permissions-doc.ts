import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROLES } from '../core/auth/actor.js';
import { PERMISSIONS, type Permission } from './permissions.js';

/** docs/permissions.md of this checkout. */
export const PERMISSIONS_DOC = fileURLToPath(new URL('../../docs/permissions.md', import.meta.url));

function describe(permission: Permission): string {
  if (permission === 'public') return 'anyone (public)';
  if (permission === 'session') return 'anyone signed in with a session (not an API token)';
  const roles = permission.roles.length === ROLES.length ? 'any signed-in role' : permission.roles.join(', ');
  return roles;
}

function describeScopes(permission: Permission): string {
  if (typeof permission === 'string' || !permission.own) return '';
  return Object.entries(permission.own)
    .map(([role, scope]) => {
      const parts: string[] = [];
      if (scope?.record) {
        const [entity, party] = scope.record.split('.');
        parts.push(`only as the ${entity?.replaceAll('_', ' ')}'s ${party}`);
      }
      for (const [field, relation] of Object.entries(scope?.references ?? {})) {
        const [entity, party] = relation.split('.');
        parts.push(`\`${field}\`: only ${entity}s of which it is the ${party}`);
      }
      if (scope?.body) parts.push(`${scope.body.map((f) => `\`${f}\``).join(', ')}: its own organisation`);
      return `${role}: ${parts.join('; ')}`;
    })
    .join('<br>');
}

/** docs/permissions.md: the table as a page (permissions.test.ts fails when the committed file differs). */
export function renderPermissionsDoc(): string {
  const rows = Object.entries(PERMISSIONS).map(([key, permission]) => {
    const [method, url] = key.split(' ');
    return `| ${method} | \`${url}\` | ${describe(permission)} | ${describeScopes(permission)} |`;
  });
  return [
    '# Who may call what',
    '',
    'Generated from `src/api/permissions.ts` by `npx tsx src/api/permissions-doc.ts`; do not edit by hand',
    '(`src/api/permissions.test.ts` fails when this file and the table differ).',
    '',
    '- **public**: anyone, signed in or not. What a reader sees in a list, a report or an export is',
    '  still limited by visibility (classification, ownership, parties): anonymous readers and',
    '  analysts see public records and published aggregates only.',
    '- Any other caller without credentials gets **401** `unauthenticated`; a role not listed gets',
    '  **403** `forbidden`. Both are decided before the request body is read, so an unauthorised',
    '  caller never learns whether the body would have been valid.',
    '- **Own organisation only**: the role may act only on records whose party (donor, recipient,',
    '  manufacturer, owner) is its organisation, and may only name its organisation in the listed body',
    '  fields (403 `forbidden` naming the field). A record it cannot see answers **404**, never 403, so',
    '  that existence does not leak. Roles without such a note act on any record they can see.',
    '- Routes outside `/api` (the web UI) and under `/api/docs` (the API documentation) are public.',
    '- A route missing from the table stops the server at start-up: deny by default.',
    '',
    '| method | route | who | own organisation only |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

// `npx tsx src/api/permissions-doc.ts` rewrites docs/permissions.md.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PERMISSIONS_DOC, renderPermissionsDoc());
}
