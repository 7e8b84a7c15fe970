import { describe, expect, it } from 'vitest';
import type { NamedRow } from '../../db/repositories/name.repository.js';
import { DomainError } from '../errors.js';
import { matchName, requireId } from './resolve.js';

const ORGS: NamedRow[] = [
  {
    id: '0190f5c2-0000-7000-8000-000000000001',
    code: null,
    name: 'Ministry of Energy of Ukraine',
    short_name: 'MoE Ukraine',
  },
  {
    id: '0190f5c2-0000-7000-8000-000000000002',
    code: null,
    name: 'Ministry of Defence of Ukraine',
    short_name: 'MoD Ukraine',
  },
  { id: '0190f5c2-0000-7000-8000-000000000003', code: null, name: 'Relief Works', short_name: null },
  { id: '0190f5c2-0000-7000-8000-000000000004', code: null, name: 'Relief Works', short_name: null },
];
const PLANTS: NamedRow[] = ['Valleyfield', 'Radford', 'Holston'].map((name) => ({
  id: name,
  code: null,
  name,
  short_name: null,
}));
const ITEMS: NamedRow[] = [
  {
    id: '0190f5c2-0000-7000-8000-0000000000a1',
    code: 'AMMO-155',
    name: '155 mm artillery shell',
    short_name: null,
  },
];

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('names on the command line', () => {
  it('finds a record by id, code, name or short name, in any case and spacing', () => {
    expect(matchName('organisation', 'MoE Ukraine', ORGS).id).toBe(ORGS[0]?.id);
    expect(matchName('organisation', '  ministry of energy   of ukraine', ORGS).id).toBe(ORGS[0]?.id);
    expect(matchName('organisation', ORGS[1]?.id as string, ORGS).name).toBe(
      'Ministry of Defence of Ukraine',
    );
    expect(matchName('item', 'ammo-155', ITEMS).id).toBe(ITEMS[0]?.id);
    expect(matchName('plant', 'valleyfield', PLANTS).name).toBe('Valleyfield');
  });

  it('says an unknown name is unknown and offers the near matches', () => {
    const error = failure(() => matchName('plant', 'Valleyfield propellant plant', PLANTS));
    expect([error.code, error.status]).toEqual(['unknown_name', 404]);
    expect(error.message).toBe('no plant of that name; did you mean Valleyfield?');
    expect(failure(() => matchName('organisation', 'MoE Ukrain', ORGS)).message).toBe(
      'no organisation of that name; did you mean MoE Ukraine?',
    );
    expect(failure(() => matchName('plant', 'Lake City', PLANTS)).message).toBe(
      'no plant of that name ("Lake City")',
    );
  });

  it('refuses an ambiguous name, listing what it names', () => {
    const error = failure(() => matchName('organisation', 'relief works', ORGS));
    expect([error.code, error.status]).toEqual(['ambiguous_name', 409]);
    expect(error.message).toBe(
      '"relief works" names 2 organisations: Relief Works, Relief Works; give the id or the code',
    );
  });

  it('says when an id is not written like an id', () => {
    const error = failure(() => requireId('plan', '1234'));
    expect([error.code, error.status]).toEqual(['invalid_id', 400]);
    expect(error.message).toMatch(/^1234 is not a valid plan id/);
    expect(requireId('plan', ' 0190F5C2-0000-7000-8000-000000000001')).toBe(
      '0190f5c2-0000-7000-8000-000000000001',
    );
  });
});

describe('needs named by reference', () => {
  const NEEDS: NamedRow[] = [
    {
      id: '0190f5c2-0000-7000-8000-0000000000b1',
      code: 'N-000001',
      name: 'GEN-100KVA in UA-30 by 2022-12-01',
      short_name: null,
    },
    {
      id: '0190f5c2-0000-7000-8000-0000000000c2',
      code: 'N-000002',
      name: 'AMMO-155 in UA-46 by 2023-01-20',
      short_name: null,
    },
  ];

  it('finds a need by its reference in any case, or by its id', () => {
    expect(matchName('need', 'n-000002', NEEDS).id).toBe('0190f5c2-0000-7000-8000-0000000000c2');
    expect(matchName('need', ' N-000001 ', NEEDS).name).toBe('GEN-100KVA in UA-30 by 2022-12-01');
    expect(matchName('need', '0190f5c2-0000-7000-8000-0000000000c2', NEEDS).name).toBe(
      'AMMO-155 in UA-46 by 2023-01-20',
    );
  });

  it('says no need has an unknown reference, suggesting the near ones with what they are', () => {
    let error: unknown;
    try {
      matchName('need', 'N-000003', NEEDS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(404);
    expect((error as DomainError).message).toBe(
      'no need has the reference N-000003; did you mean N-000002 (AMMO-155 in UA-46 by 2023-01-20) or N-000001 (GEN-100KVA in UA-30 by 2022-12-01)?',
    );
  });
});
