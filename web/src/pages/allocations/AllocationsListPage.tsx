import type { Allocation } from '../../../../src/core/allocations/allocation.schema.js';
import { formatDay, formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { valueOptions } from '../lists/names.js';
import { type ListConfig, ResourceListPage } from '../lists/ResourceListPage.js';
import { ALLOCATION_STATUS_IDS, PROPOSED_BY_IDS } from './allocationWords.js';

const config: ListConfig<Allocation> = {
  title: 'allocations.title',
  what: 'allocations.what',
  empty: 'allocations.empty',
  emptyFiltered: 'allocations.emptyFiltered',
  collection: 'allocations',
  rowKey: (allocation) => allocation.id,
  create: { action: 'propose-allocation', label: 'allocations.new', to: '/allocations/new' },
  scopes: ['need_id', 'pledge_id'],
  filters: () => [
    {
      name: 'status',
      label: tr('allocations.col.status'),
      kind: 'select',
      options: valueOptions(ALLOCATION_STATUS_IDS),
    },
    {
      name: 'proposed_by',
      label: tr('allocations.col.proposedBy'),
      kind: 'select',
      options: valueOptions(PROPOSED_BY_IDS),
    },
    { name: 'week', label: tr('allocations.filter.week'), kind: 'text' },
  ],
  columns: () => [
    {
      key: 'allocation',
      header: tr('allocations.col.allocation'),
      width: '11rem',
      render: (allocation) => (
        <Link to={`/allocations/${allocation.id}`} className="row-link">
          {tr('allocations.rowLink', {
            quantity: formatQuantity(allocation.quantity),
            week: allocation.week,
          })}
        </Link>
      ),
    },
    {
      key: 'need',
      header: tr('allocations.col.need'),
      width: '7rem',
      render: (allocation) => <Link to={`/needs/${allocation.need_id}`}>{tr('allocations.openNeed')}</Link>,
    },
    {
      key: 'pledge',
      header: tr('allocations.col.pledge'),
      width: '8.5rem',
      render: (allocation) => (
        <Link to={`/pledges/${allocation.pledge_id}`}>{tr('allocations.openPledge')}</Link>
      ),
    },
    {
      key: 'quantity',
      header: tr('allocations.col.quantity'),
      sortKey: 'quantity',
      numeric: true,
      width: '7rem',
      render: (allocation) => formatQuantity(allocation.quantity),
    },
    {
      key: 'week',
      header: tr('allocations.col.week'),
      sortKey: 'week',
      width: '7rem',
      render: (allocation) => allocation.week,
    },
    {
      key: 'status',
      header: tr('allocations.col.status'),
      width: '7rem',
      render: (allocation) => word(ALLOCATION_STATUS_IDS, allocation.status),
    },
    {
      key: 'proposed_by',
      header: tr('allocations.col.proposedBy'),
      width: '7rem',
      render: (allocation) => word(PROPOSED_BY_IDS, allocation.proposed_by),
    },
    {
      key: 'decided_on',
      header: tr('allocations.col.decidedOn'),
      width: '8rem',
      render: (allocation) => (allocation.decided_on ? formatDay(allocation.decided_on) : '—'),
    },
  ],
};

/** Pledges matched to needs, by status, proposer and week. */
export default function AllocationsListPage() {
  return <ResourceListPage config={config} />;
}
