import { type Actor, ROLES, type Role } from '../core/auth/actor.js';

/*
 * Who may call what: one entry per API route, keyed by `METHOD /url` exactly as Fastify names the
 * route (HEAD answers as GET). The permissions plugin (plugins/permissions.ts) refuses to start
 * when an /api route has no entry, and the matrix test (permissions.matrix.routes.test.ts) checks
 * every OpenAPI operation against it. docs/permissions.md is generated from it
 * (`npx tsx src/api/permissions-doc.ts`).
 *
 * Who does what comes from DESIGN.md, "Users and what they do": coordinators see and run
 * everything their clearance allows; recipients post and prioritise needs and confirm receipts;
 * donors record pledges and shipments of their own organisation; manufacturers report capacity;
 * analysts read; admins run the instance (users, organisations, tokens). Which records a reader
 * sees is not decided here: that is visibility (service layer and row-level security).
 */

/** Relations naming the organisations that are a record's parties (src/db/repositories/party.repository.ts). */
export const RELATIONS = [
  'pledge.donor',
  'pledge.recipient',
  'allocation.donor',
  'need.recipient',
  'shipment.donor',
  'shipment.recipient',
  'production_line.manufacturer',
  'incident.owner',
  'source.owner',
  'material.owner',
  'input.owner',
  'consumption_profile.owner',
  'grid_asset.owner',
  'repair_project.owner',
  'money_pledge.owner',
  'fund_allocation.owner',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** What confines one role on one route to its own organisation's business. */
export interface Scope {
  /** The record named by the path's `:id` must have the actor's organisation among these parties. */
  readonly record?: Relation;
  /** These body fields, when sent, must name the actor's organisation. */
  readonly body?: readonly string[];
  /**
   * Body fields naming other records (`lines[].allocation_id`: that field of every element of
   * `lines`) the actor's organisation must be a party of; 403 naming the field otherwise.
   */
  readonly references?: Readonly<Record<string, Relation>>;
}

export interface RoleRule {
  /** The roles that may call the route; every other role gets 403, anonymous callers 401. */
  readonly roles: readonly Role[];
  /** Roles confined to their own organisation's records; roles not named here act on any record. */
  readonly own?: Partial<Record<Role, Scope>>;
}

/**
 * 'public': anyone, signed in or not (what they see is still limited by visibility).
 * 'session': a person signed in with a session cookie, whatever the role; not an API token.
 */
export type Permission = 'public' | 'session' | RoleRule;

const PUBLIC = 'public';
const SESSION = 'session';
/** Organisations, regions, items, events, FX rates, need rules, first-frost dates, energy dependency. */
const CATALOGUE: RoleRule = { roles: ['admin', 'coordinator'] };
const COORDINATOR: RoleRule = { roles: ['coordinator'] };
/** Audit trails: people of the coalition's organisations, not anonymous readers or analysts (not published data). */
const MEMBERS: RoleRule = { roles: ['admin', 'coordinator', 'recipient', 'donor', 'manufacturer'] };
/** Plan runs and their results: the coordination cell, and admins who run the instance. */
const PLAN_READ: RoleRule = { roles: ['admin', 'coordinator'] };
/** An organisation's webhook subscriptions: its admins and coordinators. */
const WEBHOOKS: RoleRule = { roles: ['admin', 'coordinator'] };
/** Imports: who may create needs, pledges or the catalogue one by one (import.service.ts checks which). */
const IMPORTERS: RoleRule = { roles: ['admin', 'coordinator', 'donor', 'recipient'] };
/** Anyone signed in, whatever the role. */
const SIGNED_IN: RoleRule = { roles: ROLES };

const needWrite = (scope: Scope): RoleRule => ({
  roles: ['coordinator', 'recipient'],
  own: { recipient: scope },
});
const pledgeWrite = (scope: Scope): RoleRule => ({ roles: ['coordinator', 'donor'], own: { donor: scope } });
const shipperWrite = (scope: Scope): RoleRule => ({ roles: ['coordinator', 'donor'], own: { donor: scope } });
const receiverWrite = (scope: Scope): RoleRule => ({
  roles: ['coordinator', 'recipient'],
  own: { recipient: scope },
});
const manufacturerWrite = (scope: Scope): RoleRule => ({
  roles: ['coordinator', 'manufacturer'],
  own: { manufacturer: scope },
});
/** Sources are recorded by whoever reports data; each organisation changes only its own. */
const sourceWrite = (scope: Scope): RoleRule => ({
  roles: ['coordinator', 'recipient', 'donor', 'manufacturer'],
  own: { recipient: scope, donor: scope, manufacturer: scope },
});

const OWNER = ['owner_org_id'];

export const PERMISSIONS: Readonly<Record<string, Permission>> = {
  // The service itself and its documentation (the /api/docs UI's own files are public by prefix).
  'GET /api/health': PUBLIC,
  'GET /api/v1/clock': PUBLIC,
  // Search reads as its reader: every kind it looks in is filtered by the reader's visibility.
  'GET /api/v1/search': PUBLIC,
  'GET /api/openapi.json': PUBLIC,

  // Accounts (DESIGN.md: admins manage users and tokens; a coordinator manages its own
  // organisation's tokens, which the token service checks record by record).
  'POST /api/v1/auth/login': PUBLIC,
  // Logging out with an ended session is the normal way back, so it needs no live credentials.
  'POST /api/v1/auth/logout': PUBLIC,
  'GET /api/v1/auth/session': SESSION,
  // Answers signed-out visitors too (session: null), so the UI's check logs no 401.
  'GET /api/v1/auth/state': PUBLIC,
  'GET /api/v1/auth/preferences': SESSION,
  'PATCH /api/v1/auth/preferences': SESSION,
  'POST /api/v1/auth/password': SESSION,
  'POST /api/v1/users': { roles: ['admin'] },
  'GET /api/v1/users': { roles: ['admin'] },
  'POST /api/v1/users/:id/disable': { roles: ['admin'] },
  'POST /api/v1/users/:id/enable': { roles: ['admin'] },
  'POST /api/v1/tokens': { roles: ['admin', 'coordinator'], own: { coordinator: { body: ['org_id'] } } },
  'GET /api/v1/tokens': { roles: ['admin', 'coordinator'] },
  'POST /api/v1/tokens/:id/revoke': { roles: ['admin', 'coordinator'] },
  // Backups (DESIGN.md: admins run the instance): where backups are and how they went.
  'GET /api/v1/admin/backups': { roles: ['admin'] },

  // Catalogue: read by anyone, kept by coordinators and admins.
  'GET /api/v1/organisations': PUBLIC,
  'POST /api/v1/organisations': CATALOGUE,
  'GET /api/v1/organisations/:id': PUBLIC,
  'PATCH /api/v1/organisations/:id': CATALOGUE,
  'DELETE /api/v1/organisations/:id': CATALOGUE,
  'GET /api/v1/organisations/:id/history': MEMBERS,
  'GET /api/v1/regions': PUBLIC,
  'POST /api/v1/regions': CATALOGUE,
  'GET /api/v1/regions/:id': PUBLIC,
  'PATCH /api/v1/regions/:id': CATALOGUE,
  'DELETE /api/v1/regions/:id': CATALOGUE,
  'GET /api/v1/regions/:id/history': MEMBERS,
  'GET /api/v1/item-categories': PUBLIC,
  'GET /api/v1/items': PUBLIC,
  'POST /api/v1/items': CATALOGUE,
  'GET /api/v1/items/:id': PUBLIC,
  'PATCH /api/v1/items/:id': CATALOGUE,
  'DELETE /api/v1/items/:id': CATALOGUE,
  'GET /api/v1/items/:id/history': MEMBERS,
  'GET /api/v1/events': PUBLIC,
  'POST /api/v1/events': CATALOGUE,
  'GET /api/v1/events/:id': PUBLIC,
  'PATCH /api/v1/events/:id': CATALOGUE,
  'DELETE /api/v1/events/:id': CATALOGUE,
  'GET /api/v1/events/:id/history': MEMBERS,
  'GET /api/v1/fx-rates': PUBLIC,
  'PUT /api/v1/fx-rates/:currency/:date': CATALOGUE,
  'POST /api/v1/fx-rates/import': CATALOGUE,

  // Needs: a recipient posts and prioritises its own organisation's needs.
  'GET /api/v1/needs': PUBLIC,
  'POST /api/v1/needs': needWrite({ body: ['recipient_org_id', ...OWNER] }),
  'GET /api/v1/needs/:id': PUBLIC,
  'PATCH /api/v1/needs/:id': needWrite({ record: 'need.recipient', body: ['recipient_org_id', ...OWNER] }),
  'DELETE /api/v1/needs/:id': needWrite({ record: 'need.recipient' }),
  'GET /api/v1/needs/:id/history': MEMBERS,

  // Incidents and the rules that size the needs they cause.
  'GET /api/v1/incidents': PUBLIC,
  'POST /api/v1/incidents': needWrite({ body: OWNER }),
  'GET /api/v1/incidents/:id': PUBLIC,
  'PATCH /api/v1/incidents/:id': needWrite({ record: 'incident.owner', body: OWNER }),
  'DELETE /api/v1/incidents/:id': needWrite({ record: 'incident.owner' }),
  'GET /api/v1/incidents/:id/history': MEMBERS,
  'POST /api/v1/incidents/:id/derive': needWrite({ record: 'incident.owner' }),
  'GET /api/v1/need-rules': PUBLIC,
  'POST /api/v1/need-rules': CATALOGUE,
  'GET /api/v1/need-rules/:id': PUBLIC,
  'PATCH /api/v1/need-rules/:id': CATALOGUE,
  'DELETE /api/v1/need-rules/:id': CATALOGUE,
  'GET /api/v1/need-rules/:id/history': MEMBERS,
  'GET /api/v1/readiness': PUBLIC,
  'GET /api/v1/readiness/:region_id': PUBLIC,
  'GET /api/v1/first-frost': PUBLIC,
  'PUT /api/v1/first-frost/:region_id': CATALOGUE,

  // Grid repair (docs/grid-repair.md): operators (recipient organisations) keep their own assets and
  // repair projects; what a reader sees of them is visibility (assets are restricted by default).
  'GET /api/v1/assets': PUBLIC,
  'GET /api/v1/assets/region-counts': PUBLIC,
  'POST /api/v1/assets': needWrite({ body: ['operator_org_id', ...OWNER] }),
  'GET /api/v1/assets/:id': PUBLIC,
  'PATCH /api/v1/assets/:id': needWrite({ record: 'grid_asset.owner', body: OWNER }),
  'DELETE /api/v1/assets/:id': needWrite({ record: 'grid_asset.owner' }),
  'GET /api/v1/assets/:id/history': MEMBERS,
  'GET /api/v1/assets/:id/statuses': PUBLIC,
  'POST /api/v1/assets/:id/status': needWrite({ record: 'grid_asset.owner' }),
  'POST /api/v1/incidents/:id/damaged-assets': needWrite({ record: 'incident.owner' }),
  'GET /api/v1/repair-projects': PUBLIC,
  'GET /api/v1/repair-projects/ranking': PUBLIC,
  'POST /api/v1/repair-projects': needWrite({ body: OWNER }),
  'GET /api/v1/repair-projects/:id': PUBLIC,
  'PATCH /api/v1/repair-projects/:id': needWrite({ record: 'repair_project.owner', body: OWNER }),
  'DELETE /api/v1/repair-projects/:id': needWrite({ record: 'repair_project.owner' }),
  'GET /api/v1/repair-projects/:id/history': MEMBERS,
  'PUT /api/v1/repair-projects/:id/milestones': needWrite({ record: 'repair_project.owner' }),
  'PUT /api/v1/repair-projects/:id/assets': needWrite({ record: 'repair_project.owner' }),
  'POST /api/v1/repair-projects/:id/equipment': needWrite({
    record: 'repair_project.owner',
    body: ['recipient_org_id'],
  }),
  'GET /api/v1/repair-projects/:id/critical-path': PUBLIC,
  'GET /api/v1/reconstruction/progress': PUBLIC,
  // Money pledges: a donor records and moves its own; a fund (a donor organisation) allocates its money.
  'GET /api/v1/money-pledges': PUBLIC,
  'POST /api/v1/money-pledges': pledgeWrite({ body: ['donor_org_id', ...OWNER] }),
  'GET /api/v1/money-pledges/:id': PUBLIC,
  'PATCH /api/v1/money-pledges/:id': pledgeWrite({ record: 'money_pledge.owner', body: OWNER }),
  'DELETE /api/v1/money-pledges/:id': pledgeWrite({ record: 'money_pledge.owner' }),
  'GET /api/v1/money-pledges/:id/history': MEMBERS,
  'GET /api/v1/money-pledges/:id/transitions': PUBLIC,
  'POST /api/v1/money-pledges/:id/commit': pledgeWrite({ record: 'money_pledge.owner' }),
  'POST /api/v1/money-pledges/:id/disburse': pledgeWrite({ record: 'money_pledge.owner' }),
  'POST /api/v1/money-pledges/:id/cancel': pledgeWrite({ record: 'money_pledge.owner' }),
  'GET /api/v1/fund-allocations': PUBLIC,
  'POST /api/v1/fund-allocations': pledgeWrite({ body: ['fund_org_id', ...OWNER] }),
  'GET /api/v1/fund-allocations/:id': PUBLIC,
  'PATCH /api/v1/fund-allocations/:id': pledgeWrite({ record: 'fund_allocation.owner', body: OWNER }),
  'DELETE /api/v1/fund-allocations/:id': pledgeWrite({ record: 'fund_allocation.owner' }),
  'GET /api/v1/fund-allocations/:id/history': MEMBERS,

  // Pledges: a donor records, commits, cancels and lets lapse its own organisation's pledges;
  // putting delivered goods in service is reported by the donor or by a recipient of the pledge.
  'GET /api/v1/pledges': PUBLIC,
  'POST /api/v1/pledges': pledgeWrite({ body: ['donor_org_id', ...OWNER] }),
  'GET /api/v1/pledges/:id': PUBLIC,
  'PATCH /api/v1/pledges/:id': pledgeWrite({ record: 'pledge.donor', body: ['donor_org_id', ...OWNER] }),
  'DELETE /api/v1/pledges/:id': pledgeWrite({ record: 'pledge.donor' }),
  'GET /api/v1/pledges/:id/history': MEMBERS,
  'POST /api/v1/pledges/:id/commit': pledgeWrite({ record: 'pledge.donor' }),
  'POST /api/v1/pledges/:id/cancel': pledgeWrite({ record: 'pledge.donor' }),
  'POST /api/v1/pledges/:id/expire': pledgeWrite({ record: 'pledge.donor' }),
  'POST /api/v1/pledges/:id/put-in-service': {
    roles: ['coordinator', 'donor', 'recipient'],
    own: { donor: { record: 'pledge.donor' }, recipient: { record: 'pledge.recipient' } },
  },
  'GET /api/v1/pledges/:id/transitions': PUBLIC,
  'GET /api/v1/pledges/:id/valuation': PUBLIC,

  // Allocations: proposed by the planner or by hand, accepted only by coordinators.
  'GET /api/v1/allocations': PUBLIC,
  'POST /api/v1/allocations': COORDINATOR,
  'GET /api/v1/allocations/:id': PUBLIC,
  'PATCH /api/v1/allocations/:id': COORDINATOR,
  'DELETE /api/v1/allocations/:id': COORDINATOR,
  'GET /api/v1/allocations/:id/history': MEMBERS,
  'POST /api/v1/allocations/:id/accept': COORDINATOR,
  'POST /api/v1/allocations/:id/reject': COORDINATOR,
  'POST /api/v1/allocations/:id/release': COORDINATOR,

  // Shipments: a donor ships its own consignments; the recipient they go to confirms receipt.
  'GET /api/v1/shipments': PUBLIC,
  'POST /api/v1/shipments': shipperWrite({
    body: OWNER,
    references: { 'lines[].allocation_id': 'allocation.donor' },
  }),
  'GET /api/v1/shipments/:id': PUBLIC,
  'PATCH /api/v1/shipments/:id': shipperWrite({ record: 'shipment.donor', body: OWNER }),
  'DELETE /api/v1/shipments/:id': shipperWrite({ record: 'shipment.donor' }),
  'GET /api/v1/shipments/:id/history': MEMBERS,
  'GET /api/v1/shipments/:id/lines': PUBLIC,
  'POST /api/v1/shipments/:id/lines': shipperWrite({
    record: 'shipment.donor',
    references: { allocation_id: 'allocation.donor' },
  }),
  'DELETE /api/v1/shipments/:id/lines/:line_id': shipperWrite({ record: 'shipment.donor' }),
  'POST /api/v1/shipments/:id/dispatch': shipperWrite({ record: 'shipment.donor' }),
  'POST /api/v1/shipments/:id/lose': shipperWrite({ record: 'shipment.donor' }),
  'POST /api/v1/shipments/:id/close': receiverWrite({ record: 'shipment.recipient' }),
  'GET /api/v1/shipments/:id/receipts': PUBLIC,
  'POST /api/v1/shipments/:id/receipts': receiverWrite({
    record: 'shipment.recipient',
    body: ['received_by_org_id'],
  }),

  // Sources and provenance: anyone who reports data cites it; coordinators review duplicates.
  'GET /api/v1/sources': PUBLIC,
  'POST /api/v1/sources': sourceWrite({ body: OWNER }),
  'GET /api/v1/sources/:id': PUBLIC,
  'PATCH /api/v1/sources/:id': sourceWrite({ record: 'source.owner', body: OWNER }),
  'DELETE /api/v1/sources/:id': sourceWrite({ record: 'source.owner' }),
  'GET /api/v1/sources/:id/history': MEMBERS,
  'GET /api/v1/sources/:id/links': PUBLIC,
  'POST /api/v1/sources/:id/links': sourceWrite({ record: 'source.owner' }),
  'DELETE /api/v1/sources/:id/links/:entity_type/:entity_id': sourceWrite({ record: 'source.owner' }),
  'GET /api/v1/verification/:entity_type/:entity_id': PUBLIC,
  'GET /api/v1/duplicates': COORDINATOR,
  'POST /api/v1/duplicates/:id/dismiss': COORDINATOR,
  'POST /api/v1/duplicates/:id/confirm': COORDINATOR,

  // Capacity: a manufacturer reports its own lines and their inputs; recipients their consumption.
  'GET /api/v1/production-lines': PUBLIC,
  'POST /api/v1/production-lines': manufacturerWrite({ body: ['manufacturer_org_id', ...OWNER] }),
  'GET /api/v1/production-lines/:id': PUBLIC,
  'PATCH /api/v1/production-lines/:id': manufacturerWrite({
    record: 'production_line.manufacturer',
    body: ['manufacturer_org_id', ...OWNER],
  }),
  'DELETE /api/v1/production-lines/:id': manufacturerWrite({ record: 'production_line.manufacturer' }),
  'GET /api/v1/production-lines/:id/history': MEMBERS,
  'GET /api/v1/materials': PUBLIC,
  'POST /api/v1/materials': manufacturerWrite({ body: OWNER }),
  'GET /api/v1/materials/:id': PUBLIC,
  'PATCH /api/v1/materials/:id': manufacturerWrite({ record: 'material.owner', body: OWNER }),
  'DELETE /api/v1/materials/:id': manufacturerWrite({ record: 'material.owner' }),
  'GET /api/v1/materials/:id/history': MEMBERS,
  'GET /api/v1/inputs': PUBLIC,
  'POST /api/v1/inputs': manufacturerWrite({ body: OWNER }),
  'GET /api/v1/inputs/:id': PUBLIC,
  'PATCH /api/v1/inputs/:id': manufacturerWrite({ record: 'input.owner', body: OWNER }),
  'DELETE /api/v1/inputs/:id': manufacturerWrite({ record: 'input.owner' }),
  'GET /api/v1/inputs/:id/history': MEMBERS,
  'GET /api/v1/consumption-profiles': PUBLIC,
  'POST /api/v1/consumption-profiles': receiverWrite({ body: OWNER }),
  'GET /api/v1/consumption-profiles/:id': PUBLIC,
  'PATCH /api/v1/consumption-profiles/:id': receiverWrite({
    record: 'consumption_profile.owner',
    body: OWNER,
  }),
  'DELETE /api/v1/consumption-profiles/:id': receiverWrite({ record: 'consumption_profile.owner' }),
  'GET /api/v1/consumption-profiles/:id/history': MEMBERS,
  'GET /api/v1/forecast': PUBLIC,
  'GET /api/v1/risk': PUBLIC,
  // Runs a scenario over the capacity data: nothing is stored, but it costs work, so not anonymous.
  'POST /api/v1/risk/outage': SIGNED_IN,
  'GET /api/v1/energy-dependencies': PUBLIC,
  'PUT /api/v1/energy-dependencies/:country_code/:carrier': CATALOGUE,

  // Published aggregates and exports: anyone; each counts only what its reader may see.
  'GET /api/v1/gaps': PUBLIC,
  'GET /api/v1/gaps/weekly': PUBLIC,
  'GET /api/v1/reports/events': PUBLIC,
  'GET /api/v1/reports/donors': PUBLIC,
  'GET /api/v1/exports/needs.csv': PUBLIC,
  'GET /api/v1/exports/pledges.csv': PUBLIC,
  'GET /api/v1/exports/gaps.csv': PUBLIC,
  'GET /api/v1/exports/iati.xml': PUBLIC,
  // Open data releases: published by the coordination cell (and admins), read by anyone.
  'POST /api/v1/open-data': { roles: ['admin', 'coordinator'] },
  'GET /api/v1/open-data': PUBLIC,
  'GET /api/v1/open-data/feed.atom': PUBLIC,
  'GET /api/v1/open-data/:release/:file': PUBLIC,
  // Imports: whoever may create pledges or needs one by one; the rows are checked as those creates
  // are (own organisation for donors and recipients, clearance); an import is read by its importer
  // and the coordinators of its organisation.
  'POST /api/v1/imports': IMPORTERS,
  'GET /api/v1/imports/:id': IMPORTERS,
  'POST /api/v1/imports/:id/apply': IMPORTERS,
  // Saved mappings: the caller's organisation's own (saved-mapping.service.ts).
  'GET /api/v1/import-mappings': IMPORTERS,
  'GET /api/v1/import-mappings/:name': IMPORTERS,
  'PUT /api/v1/import-mappings/:name': IMPORTERS,
  'DELETE /api/v1/import-mappings/:name': IMPORTERS,

  // The planner: coordinators run, cancel and accept plans; admins may read runs and results too.
  'POST /api/v1/plans': COORDINATOR,
  'GET /api/v1/plans': PLAN_READ,
  'GET /api/v1/plans/export': PLAN_READ,
  'GET /api/v1/plans/:id': PLAN_READ,
  'GET /api/v1/plans/:id/needs': PLAN_READ,
  'GET /api/v1/plans/:id/lots': PLAN_READ,
  'GET /api/v1/plans/:id/items': PLAN_READ,
  'GET /api/v1/plans/:id/allocations': PLAN_READ,
  'GET /api/v1/plans/:id/compare/:otherId': PLAN_READ,
  'POST /api/v1/plans/:id/cancel': COORDINATOR,
  'POST /api/v1/plans/:id/accept': COORDINATOR,

  // Webhooks: an organisation's admins and coordinators manage its own subscriptions (the webhook
  // service confines every call to the actor's organisation: another's does not exist for it).
  'POST /api/v1/webhooks': WEBHOOKS,
  'GET /api/v1/webhooks': WEBHOOKS,
  'GET /api/v1/webhooks/:id': WEBHOOKS,
  'POST /api/v1/webhooks/:id/disable': WEBHOOKS,
  'POST /api/v1/webhooks/:id/enable': WEBHOOKS,
  'DELETE /api/v1/webhooks/:id': WEBHOOKS,
  'GET /api/v1/webhooks/:id/deliveries': WEBHOOKS,
  'POST /api/v1/webhooks/:id/deliveries/:delivery_id/redeliver': WEBHOOKS,

  // A person's own inbox (the service confines every call to the signed-in user).
  'GET /api/v1/notifications': SESSION,
  'GET /api/v1/notifications/unread': SESSION,
  'POST /api/v1/notifications/read': SESSION,
  'GET /api/v1/notifications/preferences': SESSION,
  'PUT /api/v1/notifications/preferences': SESSION,
};

/**
 * Routes under this prefix are the interactive API documentation's own files (HTML, scripts and
 * the same OpenAPI document): public, and left out of the table because the UI plugin names them.
 * Routes outside /api are the web UI's static files, public too; the UI gets data only through the API.
 */
export const PUBLIC_DOCS_PREFIX = '/api/docs';

/** The table key of a route: HEAD is answered by its GET route. */
export function permissionKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** Whether a route must have an entry in the table. */
export function isGuarded(url: string): boolean {
  const api = url === '/api' || url.startsWith('/api/');
  const docs = url === PUBLIC_DOCS_PREFIX || url.startsWith(`${PUBLIC_DOCS_PREFIX}/`);
  return api && !docs;
}

export type Decision =
  | { readonly outcome: 'allow' }
  | { readonly outcome: 'scoped'; readonly scope: Scope }
  | { readonly outcome: 'unauthenticated' }
  | { readonly outcome: 'forbidden'; readonly roles: readonly Role[] };

/**
 * What the table says about an actor on a route, before any record is read. System actors (the
 * operator's own tools) are not subject to it; anonymous callers pass public routes only.
 */
export function authorise(permission: Permission, actor: Actor): Decision {
  if (permission === 'public' || actor.kind === 'system') return { outcome: 'allow' };
  if (permission === 'session')
    return actor.kind === 'user' ? { outcome: 'allow' } : { outcome: 'unauthenticated' };
  if (actor.kind === 'anonymous' || actor.role === null) return { outcome: 'unauthenticated' };
  if (!permission.roles.includes(actor.role)) return { outcome: 'forbidden', roles: permission.roles };
  const scope = permission.own?.[actor.role];
  return scope ? { outcome: 'scoped', scope } : { outcome: 'allow' };
}

/** Whether a role may call a route at all (the first of the matrix test's questions). */
export function roleAllowed(permission: Permission, role: Role): boolean {
  return permission === 'public' || permission === 'session' || permission.roles.includes(role);
}
