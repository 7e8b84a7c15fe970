import { type ComponentType, lazy } from 'react';
import { OverviewPage } from './pages/OverviewPage.js';
import type { RouteParams } from './router.js';

/** What every page receives: the `:name` parts of its path, decoded. Query state is read by hooks. */
export interface PageProps {
  readonly params: RouteParams;
}

export interface RouteEntry {
  /** A path pattern, `/needs/:id`; the first entry that matches wins, so fixed paths go first. */
  readonly path: string;
  readonly page: ComponentType<PageProps>;
  /** The page needs an account: a signed-out reader is sent to sign in first. */
  readonly account?: boolean;
}

// Everything but the overview loads on demand, so the first screen sends only what it shows.
const NeedsListPage = lazy(() => import('./pages/lists/NeedsListPage.js'));
const PledgesListPage = lazy(() => import('./pages/lists/PledgesListPage.js'));
const ShipmentsListPage = lazy(() => import('./pages/lists/ShipmentsListPage.js'));
const EventsListPage = lazy(() => import('./pages/lists/EventsListPage.js'));
const OrganisationsListPage = lazy(() => import('./pages/lists/OrganisationsListPage.js'));
const ItemsListPage = lazy(() => import('./pages/lists/ItemsListPage.js'));
const ReadinessPage = lazy(() => import('./pages/lists/ReadinessPage.js'));
const MapPage = lazy(() => import('./pages/MapPage.js'));
const NeedDetailPage = lazy(() => import('./pages/details/NeedDetailPage.js'));
const PledgeDetailPage = lazy(() => import('./pages/details/PledgeDetailPage.js'));
const ShipmentDetailPage = lazy(() => import('./pages/details/ShipmentDetailPage.js'));
const EventDetailPage = lazy(() => import('./pages/details/EventDetailPage.js'));
const OrganisationDetailPage = lazy(() => import('./pages/details/OrganisationDetailPage.js'));
const ItemDetailPage = lazy(() => import('./pages/details/ItemDetailPage.js'));
const LoginPage = lazy(() => import('./pages/auth/LoginPage.js'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage.js'));
const PlanRunPage = lazy(() => import('./pages/plans/PlanRunPage.js'));
const BackupsPage = lazy(() => import('./pages/admin/BackupsPage.js'));
const InboxPage = lazy(() => import('./pages/inbox/InboxPage.js'));
const RepairsPage = lazy(() => import('./pages/repairs/RepairsPage.js'));
const RepairDetailPage = lazy(() => import('./pages/repairs/RepairDetailPage.js'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage.js'));
// Grid repair progress (issue 15, point 5): chart and table of restored capacity per week.
const RepairProgressPage = lazy(() => import('./pages/repairs/RepairProgressPage.js'));

// ─── Forms and reports (the other front-end engineer's pages) ──────────────────────────────
// Add `/needs/new`, `/needs/:id/edit`, `/pledges/new`, `/donors`, `/events/:id/report` here,
// as lazy imports of web/src/pages/forms/* and web/src/pages/reports/* (default export taking
// PageProps). They sit before the `/needs/:id` style entries below so fixed paths win.
const NeedFormPage = lazy(() => import('./pages/forms/NeedFormPage.js'));
const PledgeFormPage = lazy(() => import('./pages/forms/PledgeFormPage.js'));
const DonorsPage = lazy(() => import('./pages/reports/DonorsPage.js'));
const EventReportPage = lazy(() => import('./pages/reports/EventReportPage.js'));
const FORM_AND_REPORT_ROUTES: readonly RouteEntry[] = [
  { path: '/needs/new', page: NeedFormPage, account: true },
  { path: '/needs/:id/edit', page: NeedFormPage, account: true },
  { path: '/pledges/new', page: PledgeFormPage, account: true },
  { path: '/donors', page: DonorsPage },
  { path: '/events/:id/report', page: EventReportPage },
];
// ─── end of forms and reports ──────────────────────────────────────────────────────────────

// ─── Registry: FX rates, sources, duplicate review, admin users and tokens (issue 17) ───────────
const FxRatesPage = lazy(() => import('./pages/registry/FxRatesPage.js'));
const SourcesListPage = lazy(() => import('./pages/registry/SourcesListPage.js'));
const SourceDetailPage = lazy(() => import('./pages/registry/SourceDetailPage.js'));
const DuplicatesPage = lazy(() => import('./pages/registry/DuplicatesPage.js'));
const AdminIndexPage = lazy(() => import('./pages/admin/AdminIndexPage.js'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.js'));
const TokensPage = lazy(() => import('./pages/admin/TokensPage.js'));
const REGISTRY_ROUTES: readonly RouteEntry[] = [
  { path: '/admin', page: AdminIndexPage, account: true },
  { path: '/admin/users', page: UsersPage, account: true },
  { path: '/admin/tokens', page: TokensPage, account: true },
  { path: '/duplicates', page: DuplicatesPage, account: true },
  { path: '/fx', page: FxRatesPage },
  { path: '/sources', page: SourcesListPage },
  { path: '/sources/:id', page: SourceDetailPage },
];
// ─── end of registry ───────────────────────────────────────────────────────────────────────
// ─── Capacity (issue 17): production lines, forecast, supply-chain risk, outage scenarios ───
const CapacityPage = lazy(() => import('./pages/capacity/CapacityPage.js'));
const CAPACITY_ROUTES: readonly RouteEntry[] = [{ path: '/capacity', page: CapacityPage }];
// ─── end of capacity ──────────────────────────────────────────────────────────────────────

// ─── Search (the header's search box opens it) ─────────────────────────────────────────────
const SearchPage = lazy(() => import('./pages/search/SearchPage.js'));
const SEARCH_ROUTES: readonly RouteEntry[] = [{ path: '/search', page: SearchPage }];
// ─── end of search ─────────────────────────────────────────────────────────────────────────
// ─── Shipments and receipts workflows (issue 17) ────────────────────────────────────────────
// Before `/shipments/:id` so that `/shipments/new` is not read as a shipment id.
const ShipmentFormPage = lazy(() => import('./pages/shipments/ShipmentFormPage.js'));
const ShipmentReceivePage = lazy(() => import('./pages/shipments/ShipmentReceivePage.js'));
const SHIPMENT_WORKFLOW_ROUTES: readonly RouteEntry[] = [
  { path: '/shipments/new', page: ShipmentFormPage, account: true },
  { path: '/shipments/:id/receive', page: ShipmentReceivePage, account: true },
];
// ─── end of shipments and receipts workflows ────────────────────────────────────────────────
// ─── Incidents and allocations (issue 17) ──────────────────────────────────────────────────
const IncidentsListPage = lazy(() => import('./pages/incidents/IncidentsListPage.js'));
const IncidentDetailPage = lazy(() => import('./pages/incidents/IncidentDetailPage.js'));
const IncidentFormPage = lazy(() => import('./pages/incidents/IncidentFormPage.js'));
const AllocationsListPage = lazy(() => import('./pages/allocations/AllocationsListPage.js'));
const AllocationDetailPage = lazy(() => import('./pages/allocations/AllocationDetailPage.js'));
const AllocationFormPage = lazy(() => import('./pages/allocations/AllocationFormPage.js'));
const INCIDENT_AND_ALLOCATION_ROUTES: readonly RouteEntry[] = [
  { path: '/incidents', page: IncidentsListPage },
  { path: '/incidents/new', page: IncidentFormPage, account: true },
  { path: '/incidents/:id/edit', page: IncidentFormPage, account: true },
  { path: '/incidents/:id', page: IncidentDetailPage },
  { path: '/allocations', page: AllocationsListPage },
  { path: '/allocations/new', page: AllocationFormPage, account: true },
  { path: '/allocations/:id', page: AllocationDetailPage },
];
// ─── end of incidents and allocations ──────────────────────────────────────────────────────
// ─── Open data (issue 19): the public releases, their notes and files; publishing ─────────────
const OpenDataPage = lazy(() => import('./pages/openData/OpenDataPage.js'));
const OPEN_DATA_ROUTES: readonly RouteEntry[] = [{ path: '/open-data', page: OpenDataPage }];
// ─── end of open data ──────────────────────────────────────────────────────────────────────

/** The route table: path pattern → page. */
export const ROUTES: readonly RouteEntry[] = [
  { path: '/', page: OverviewPage },
  { path: '/login', page: LoginPage },
  ...FORM_AND_REPORT_ROUTES,
  ...SHIPMENT_WORKFLOW_ROUTES,
  { path: '/repairs', page: RepairsPage },
  { path: '/repairs/progress', page: RepairProgressPage },
  { path: '/repairs/:id', page: RepairDetailPage },
  { path: '/needs', page: NeedsListPage },
  { path: '/needs/:id', page: NeedDetailPage },
  { path: '/pledges', page: PledgesListPage },
  { path: '/pledges/:id', page: PledgeDetailPage },
  { path: '/shipments', page: ShipmentsListPage },
  { path: '/shipments/:id', page: ShipmentDetailPage },
  { path: '/events', page: EventsListPage },
  { path: '/events/:id', page: EventDetailPage },
  { path: '/organisations', page: OrganisationsListPage },
  { path: '/organisations/:id', page: OrganisationDetailPage },
  { path: '/items', page: ItemsListPage },
  { path: '/items/:id', page: ItemDetailPage },
  { path: '/readiness', page: ReadinessPage },
  { path: '/map', page: MapPage },
  // Signed out, /plans says why it needs an account rather than sending the reader away.
  { path: '/plans', page: PlansPage },
  { path: '/plans/:id', page: PlanRunPage, account: true },
  { path: '/admin/backups', page: BackupsPage, account: true },
  { path: '/inbox', page: InboxPage, account: true },
  ...REGISTRY_ROUTES,
  ...CAPACITY_ROUTES,
  // Imports: upload, dry run, apply (issue 14).
  { path: '/imports', page: ImportPage, account: true },
  { path: '/imports/:id', page: ImportPage, account: true },
  ...SEARCH_ROUTES,
  ...INCIDENT_AND_ALLOCATION_ROUTES,
  ...OPEN_DATA_ROUTES,
];
