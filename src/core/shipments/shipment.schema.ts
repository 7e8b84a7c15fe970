import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  DerivedClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  Quantity,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const ShipmentStatusSchema = Type.Union(
  [
    Type.Literal('preparing'),
    Type.Literal('in_transit'),
    Type.Literal('arrived'),
    Type.Literal('received'),
    Type.Literal('lost'),
  ],
  { description: 'preparing → in_transit → arrived → received, or lost (from in_transit or arrived)' },
);

const Reference = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'The consignment’s own reference (waybill, consignment note)',
});
const OriginHub = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Logistics hub the consignment leaves from, e.g. "Rzeszów"',
});

export const ShipmentSchema = Type.Object(
  {
    id: Uuid('Shipment id'),
    reference: Reference,
    origin_hub: OriginHub,
    destination_region_id: Uuid('Region the consignment goes to'),
    dispatched_on: Nullable(IsoDate('Date it was dispatched; null while preparing')),
    eta: Nullable(IsoDate('Expected date of arrival')),
    status: ShipmentStatusSchema,
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A consignment from a hub to a region' },
);
export type Shipment = Static<typeof ShipmentSchema>;

export const ShipmentLineInputSchema = Type.Object(
  {
    allocation_id: Uuid('Accepted allocation the goods are shipped against; its need must be in the region'),
    quantity: Quantity('Quantity shipped, greater than zero, in the unit of the item'),
  },
  { additionalProperties: false, description: 'One line of a shipment' },
);
export type ShipmentLineInput = Static<typeof ShipmentLineInputSchema>;

export const ShipmentLineSchema = Type.Object(
  {
    id: Uuid('Shipment line id'),
    shipment_id: Uuid('Shipment the line belongs to'),
    allocation_id: Uuid('Allocation the goods are shipped against'),
    pledge_id: Uuid('Pledge the goods come from (copied from the allocation)'),
    need_id: Uuid('Need the goods answer (copied from the allocation)'),
    item_id: Uuid('Catalogue item shipped'),
    quantity: Quantity('Quantity shipped'),
    received_quantity: Quantity('Quantity received so far, over all receipts'),
  },
  { additionalProperties: false, description: 'What a shipment carries against one allocation' },
);
export type ShipmentLine = Static<typeof ShipmentLineSchema>;

export const ShipmentCreateSchema = Type.Object(
  {
    reference: Reference,
    origin_hub: OriginHub,
    destination_region_id: Uuid('Region the consignment goes to'),
    eta: Type.Optional(Nullable(IsoDate('Expected date of arrival'))),
    owner_org_id: Uuid('Organisation that owns the record, usually the donor or its logistics agent'),
    classification: Type.Optional(
      DerivedClassificationSchema(
        'the allocations of its lines (coalition for a shipment created without lines)',
      ),
    ),
    embargo_until: RecordInputFields.embargo_until,
    lines: Type.Optional(
      Type.Array(ShipmentLineInputSchema, {
        maxItems: 500,
        description: 'Lines to add at once; more can be added while the shipment is preparing',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ShipmentCreate = Static<typeof ShipmentCreateSchema>;

export const ShipmentPatchSchema = Type.Partial(
  Type.Object(
    {
      reference: Reference,
      origin_hub: OriginHub,
      destination_region_id: Uuid('Region the consignment goes to; every line’s need must be there'),
      eta: Nullable(IsoDate('Expected date of arrival')),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false, description: 'Changes to a shipment that is still preparing' },
);
export type ShipmentPatch = Static<typeof ShipmentPatchSchema>;

export const ShipmentFiltersSchema = Type.Object(
  {
    q: Type.Optional(
      SearchText(
        'Words that must all occur in the reference, origin hub, or the English or Ukrainian names of its destination region',
      ),
    ),
    status: Type.Optional(ShipmentStatusSchema),
    destination_region_id: Type.Optional(Uuid('Only shipments to this region')),
    origin_hub: Type.Optional(Type.String({ maxLength: 200, description: 'Only shipments from this hub' })),
    dispatched_from: Type.Optional(IsoDate('Only shipments dispatched on or after this date')),
    dispatched_to: Type.Optional(IsoDate('Only shipments dispatched on or before this date')),
  },
  { additionalProperties: false },
);
export type ShipmentFilters = Static<typeof ShipmentFiltersSchema>;

export const ShipmentDispatchSchema = Type.Object(
  { dispatched_on: IsoDate('Date the consignment left the hub') },
  { additionalProperties: false, description: 'Dispatch of a prepared shipment' },
);
export type ShipmentDispatch = Static<typeof ShipmentDispatchSchema>;

export const ShipmentLoseSchema = Type.Object(
  {
    note: Type.String({
      minLength: 1,
      maxLength: 4000,
      description: 'What is known of the loss (strike on the convoy, theft, …)',
    }),
  },
  { additionalProperties: false, description: 'Report of a lost shipment' },
);
export type ShipmentLose = Static<typeof ShipmentLoseSchema>;

export const ShipmentCloseSchema = Type.Object(
  {
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'Why the shipment is closed short' }),
    ),
  },
  { additionalProperties: false, description: 'Closing a shipment as received with what arrived' },
);
export type ShipmentClose = Static<typeof ShipmentCloseSchema>;
