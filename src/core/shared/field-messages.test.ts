import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { explainSchemaErrors, fieldWords } from './field-messages.js';
import { IsoDate, PrioritySchema, Uuid } from './record.schema.js';

const NeedLike = Type.Object(
  {
    recipient_org_id: Uuid('Recipient'),
    quantity: Type.Number({ exclusiveMinimum: 0, description: 'Quantity' }),
    priority: PrioritySchema,
    needed_by: IsoDate('Needed by'),
    kind: Type.Union([Type.Literal('missile_strike'), Type.Literal('failure')]),
    country_code: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);

const explain = (value: unknown) => explainSchemaErrors([...Value.Errors(NeedLike, value)]);

describe('schema errors in words', () => {
  it('names each missing field in words, not "must have required property"', () => {
    const messages = explain({}).map((p) => p.message);
    expect(messages).toEqual([
      'recipient organisation is required',
      'quantity is required',
      'priority is required',
      'needed by is required',
      'kind is required',
    ]);
    expect(explain({}).map((p) => p.field)).toEqual([
      'recipient_org_id',
      'quantity',
      'priority',
      'needed_by',
      'kind',
    ]);
  });

  it('lists the allowed values of a closed set, whether an enum or a union of constants', () => {
    const problems = explain({
      recipient_org_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
      quantity: 5,
      priority: 'urgent',
      needed_by: '2022-11-29',
      kind: 'strike',
    });
    expect(problems).toEqual([
      { field: 'priority', message: 'priority must be one of critical, high, medium, low' },
      { field: 'kind', message: 'kind must be one of missile_strike, failure' },
    ]);
  });

  it('gives bounds, formats with an example, patterns with an example and unknown fields', () => {
    const problems = explain({
      recipient_org_id: '1234',
      quantity: 0,
      priority: 'high',
      needed_by: '29/11/2022',
      kind: 'failure',
      country_code: 'Ukraine',
      colour: 'red',
    });
    expect(problems).toEqual([
      { field: 'colour', message: 'colour is not a known field; leave it out' },
      {
        field: 'recipient_org_id',
        message: 'recipient organisation must be an id (a UUID), e.g. 0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
      },
      { field: 'quantity', message: 'quantity must be greater than 0' },
      { field: 'needed_by', message: 'needed by must be a date (YYYY-MM-DD), e.g. 2022-11-24' },
      { field: 'country_code', message: 'country code must look like UA' },
    ]);
  });

  it('reads Ajv-shaped errors too (missingProperty, additionalProperty, nested paths)', () => {
    expect(
      explainSchemaErrors([
        { keyword: 'required', instancePath: '', params: { missingProperty: 'region_id' } },
        { keyword: 'type', instancePath: '/lines/0/quantity', params: { type: 'number' } },
        { keyword: 'minItems', instancePath: '/lines', params: { limit: 1 } },
      ]),
    ).toEqual([
      { field: 'region_id', message: 'region is required' },
      { field: 'lines.0.quantity', message: 'quantity must be a number, e.g. 120' },
      { field: 'lines', message: 'lines must have at least 1 entry' },
    ]);
    expect(fieldWords('lines.1')).toBe('lines entry 2');
  });
});
