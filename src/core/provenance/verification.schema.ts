import { type Static, Type } from 'typebox';
import { Uuid } from '../shared/record.schema.js';

/** Kinds of record a source can support (the source_link table allows exactly these). */
export const VerifiableEntitySchema = Type.Union(
  [
    Type.Literal('organisation'),
    Type.Literal('region'),
    Type.Literal('item'),
    Type.Literal('event'),
    Type.Literal('need'),
    Type.Literal('pledge'),
    Type.Literal('allocation'),
    Type.Literal('shipment'),
    Type.Literal('receipt'),
    Type.Literal('incident'),
    Type.Literal('need_rule'),
  ],
  { description: 'Kind of record' },
);
export type VerifiableEntity = Static<typeof VerifiableEntitySchema>;

export const VerificationStatusSchema = Type.Union(
  [
    Type.Literal('unverified'),
    Type.Literal('single_source'),
    Type.Literal('corroborated'),
    Type.Literal('confirmed'),
  ],
  {
    description:
      'unverified: no source; single_source: sources from one publisher; corroborated: two or more ' +
      'independent publishers; confirmed: a primary source recorded by a party to the record',
  },
);
export type VerificationStatus = Static<typeof VerificationStatusSchema>;

export const VerificationParamsSchema = Type.Object(
  {
    entity_type: VerifiableEntitySchema,
    entity_id: Uuid('Record id'),
  },
  { additionalProperties: false },
);
export type VerificationParams = Static<typeof VerificationParamsSchema>;

export const VerificationSchema = Type.Object(
  {
    entity_type: VerifiableEntitySchema,
    entity_id: Uuid('Record id'),
    status: VerificationStatusSchema,
    sources: Type.Integer({ minimum: 0, description: 'Number of sources attached to the record' }),
    publishers: Type.Array(Type.String({ description: 'A publisher' }), {
      description:
        'Distinct publishers of those sources (compared ignoring case and spaces), in alphabetical order',
    }),
    reason: Type.String({ description: 'Why the record has this status, for a person to read' }),
  },
  {
    additionalProperties: false,
    description: 'How well a record is supported by its sources; derived, never stored',
  },
);
export type Verification = Static<typeof VerificationSchema>;
