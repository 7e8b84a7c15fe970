import { type Static, Type } from 'typebox';
import { IsoDate, Nullable, Quantity, RecordMetaFields, Uuid } from '../shared/record.schema.js';

export const DiscrepancyReasonSchema = Type.Union(
  [
    Type.Literal('damaged'),
    Type.Literal('short'),
    Type.Literal('wrong_item'),
    Type.Literal('excess'),
    Type.Literal('expired'),
    Type.Literal('other'),
  ],
  { description: 'Why what arrived differs from what was shipped' },
);

const Note = (description: string) => Type.String({ minLength: 1, maxLength: 4000, description });

export const ReceiptLineInputSchema = Type.Object(
  {
    shipment_line_id: Uuid('Shipment line the goods arrived on'),
    quantity: Quantity('Quantity received in this receipt; zero when nothing usable arrived'),
    discrepancy_reason: Type.Optional(DiscrepancyReasonSchema),
    note: Type.Optional(Note('Remarks on this line')),
  },
  { additionalProperties: false, description: 'What arrived on one shipment line' },
);
export type ReceiptLineInput = Static<typeof ReceiptLineInputSchema>;

export const ReceiptCreateSchema = Type.Object(
  {
    received_on: IsoDate('Date the goods were received'),
    received_by_org_id: Uuid('Organisation that received the goods and confirms the receipt'),
    note: Type.Optional(Note('Remarks on the receipt')),
    lines: Type.Array(ReceiptLineInputSchema, {
      minItems: 1,
      maxItems: 500,
      description: 'What arrived, per shipment line; each line at most once',
    }),
  },
  { additionalProperties: false, description: 'A receipt of goods from an in-transit or arrived shipment' },
);
export type ReceiptCreate = Static<typeof ReceiptCreateSchema>;

export const ReceiptLineSchema = Type.Object(
  {
    id: Uuid('Receipt line id'),
    shipment_line_id: Uuid('Shipment line the goods arrived on'),
    quantity: Quantity('Quantity received in this receipt'),
    discrepancy_reason: Nullable(DiscrepancyReasonSchema),
    note: Nullable(Type.String({ description: 'Remarks on this line' })),
  },
  { additionalProperties: false, description: 'What arrived on one shipment line' },
);
export type ReceiptLine = Static<typeof ReceiptLineSchema>;

export const ReceiptSchema = Type.Object(
  {
    id: Uuid('Receipt id'),
    shipment_id: Uuid('Shipment the goods came with'),
    received_on: IsoDate('Date the goods were received'),
    received_by_org_id: Uuid('Organisation that received the goods'),
    note: Nullable(Type.String({ description: 'Remarks on the receipt' })),
    lines: Type.Array(ReceiptLineSchema, { description: 'What arrived, per shipment line' }),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A confirmation of what arrived with a shipment' },
);
export type Receipt = Static<typeof ReceiptSchema>;
