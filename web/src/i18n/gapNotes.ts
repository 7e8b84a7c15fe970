/** The API's notes on how gap figures are counted, by their English text (src/core/gaps/gap.service.ts). */
export const GAP_NOTE_IDS: Readonly<Record<string, string>> = {
  'Every figure counts only the needs, pledges, allocations, shipments and receipts you may see (docs/figures.md).':
    'gaps.note.visible',
  'Quantities are given only for groups of one item; groups and totals across items give counts and EUR values instead, with coverage by EUR value. A pledge is valued at its donor-reported EUR value, else at the price list; a need at the price list. Needs and pledges without a value are counted as unvalued and listed.':
    'gaps.note.quantities',
  'Coverage is given twice: by announcements (what pledges announced against the needs, or allocations, cover) and by commitments (only committed quantities).':
    'gaps.note.coverage',
  'Unmet is floored at zero per need before summing: a need counts as covered by what was pledged against it or allocated to it, whichever is more.':
    'gaps.note.floored',
  'Cancelled needs and cancelled or expired pledges do not count.': 'gaps.note.cancelled',
  'Stages: committed, allocated (accepted allocations), shipped and delivered (received at destination). In every group delivered ≤ shipped ≤ allocated ≤ committed, because each pledge keeps that order and a group adds whole pledges or parts that keep it.':
    'gaps.note.stages',
  'The groups add up to the totals: counts and EUR values.': 'gaps.note.addUp',
  'Pledges with no need still count as pledged for their item.': 'gaps.note.noNeed',
  'The groups add up to the totals: counts and EUR values (the totals give no quantities: they span items).':
    'gaps.note.addUpItems',
  'A pledge is placed where it goes: each accepted allocation in the region of its need (allocated, shipped, delivered, and the same quantity as committed and pledged), and the rest of the pledge — max(0, committed − allocated) and max(0, quantity − allocated) — in the region of the need it was pledged against. So committed by region is never below allocated.':
    'gaps.note.placed',
  'What is pledged against no need and not yet allocated sits in the group "No region yet".':
    'gaps.note.noRegion',
  'Needed, unmet and the stage values of the groups add up to the totals; a pledge allocated to several regions counts in each region’s pledge count.':
    'gaps.note.regionsAdd',
  'A donor’s needed and unmet figures cover the needs it pledged against or is allocated to; other donors’ pledges reduce unmet. A need shared by several donors counts in each, so needed and unmet do not add up over donors — the totals count every need once, including needs no donor has answered.':
    'gaps.note.donor',
  'Pledged, committed, allocated, shipped, delivered and the pledge count add up to the totals: every pledge has exactly one donor. The gap between committed and delivered is the promise not yet kept.':
    'gaps.note.donorAdd',
};

/** The API's notes on conversion reports, by their English text (src/core/reports/conversion.service.ts). */
export const CONVERSION_NOTE_IDS: Readonly<Record<string, string>> = {
  'Announced counts every pledge, cancelled and expired ones included: a promise withdrawn is a promise not kept. Committed, allocated, shipped, delivered and in service count live pledges only, so announced ≥ committed ≥ allocated ≥ shipped ≥ delivered ≥ in service.':
    'donors.note.announced',
  'Quantities are given only for a group whose pledges are of one item, in its unit; a group that spans several items gives counts and EUR values instead (quantities and the ratios by quantity are null): quantities of different units do not add.':
    'donors.note.units',
  'EUR values: each pledge at its donor-reported value, else its price-list value (valuation.basis on the pledge), pro rata of each stage. Pledges with neither are counted in unvalued_count, listed in unvalued.pledge_ids and left out of the values.':
    'donors.note.values',
  'Median days to delivery: over live pledges with at least one receipt, the days from announcement to the first receipt of any of their shipment lines.':
    'donors.note.median',
  'Per donor, committed − delivered is what the donor has promised firmly and not yet handed over.':
    'donors.note.donor',
};
