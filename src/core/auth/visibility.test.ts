import { describe, expect, it } from 'vitest';
import { type Actor, ANONYMOUS, type Classification, type Role, systemActor } from './actor.js';
import { canRead, effectiveClassification, readerOf, todayUtc, type VisibleFacts } from './visibility.js';

const OWN = '00000000-0000-4000-8000-00000000000a';
const PARTY = '00000000-0000-4000-8000-00000000000b';
const OTHER = '00000000-0000-4000-8000-00000000000c';
const TODAY = '2023-01-10';

const token = (orgId: string, clearance: Classification, role: Role = 'donor'): Actor => ({
  id: `token:${orgId}`,
  kind: 'token',
  orgId,
  role,
  clearance,
});

const record = (
  classification: Classification,
  embargo_until: string | null = null,
  owner_org_id: string | null = OWN,
): VisibleFacts => ({ owner_org_id, classification, embargo_until, parties: [PARTY, null] });

describe('canRead', () => {
  const cases: [string, Actor | undefined, VisibleFacts, boolean][] = [
    ['the system reads restricted records', systemActor('cli'), record('restricted'), true],
    ['no actor at all is the system', undefined, record('restricted'), true],
    ['the owner reads its restricted record', token(OWN, 'public'), record('restricted'), true],
    ['a party reads a restricted record', token(PARTY, 'public'), record('restricted'), true],
    [
      'another organisation with public clearance reads public',
      token(OTHER, 'public'),
      record('public'),
      true,
    ],
    ['… but not coalition', token(OTHER, 'public'), record('coalition'), false],
    ['coalition clearance reads coalition', token(OTHER, 'coalition'), record('coalition'), true],
    ['… but not restricted', token(OTHER, 'coalition'), record('restricted'), false],
    ['restricted clearance reads restricted', token(OTHER, 'restricted'), record('restricted'), true],
    ['anonymous reads public', ANONYMOUS, record('public'), true],
    ['anonymous does not read coalition', ANONYMOUS, record('coalition'), false],
    ['an analyst reads public', token(OTHER, 'restricted', 'analyst'), record('public'), true],
    [
      'an analyst does not read coalition, whatever its clearance',
      token(OTHER, 'restricted', 'analyst'),
      record('coalition'),
      false,
    ],
    [
      'an analyst of the owner reads public only',
      token(OWN, 'restricted', 'analyst'),
      record('coalition'),
      false,
    ],
    [
      'an embargoed public record is not public before its day',
      token(OTHER, 'public'),
      record('public', '2023-01-11'),
      false,
    ],
    ['… nor to anonymous readers', ANONYMOUS, record('public', '2023-01-11'), false],
    ['… but coalition readers see it', token(OTHER, 'coalition'), record('public', '2023-01-11'), true],
    ['… and its owner', token(OWN, 'public'), record('public', '2023-01-11'), true],
    ['… and its parties', token(PARTY, 'public'), record('public', '2023-01-11'), true],
    ['on its embargo day it is public', token(OTHER, 'public'), record('public', TODAY), true],
    ['after it too', ANONYMOUS, record('public', '2023-01-09'), true],
    [
      'an embargo does not lower a restricted record',
      token(OTHER, 'coalition'),
      record('restricted', '2000-01-01'),
      false,
    ],
    [
      'a record without owner is read by clearance',
      token(OTHER, 'coalition'),
      record('coalition', null, null),
      true,
    ],
    [
      'a reader without organisation is no owner of an ownerless record',
      token(OTHER, 'public'),
      record('coalition', null, null),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, actor, facts, expected) => {
    expect(canRead(actor, facts, TODAY)).toBe(expected);
  });

  it('a null party never matches an actor', () => {
    const nobody: Actor = { id: 'x', kind: 'user', orgId: null, role: 'donor', clearance: 'public' };
    expect(canRead(nobody, { ...record('coalition'), parties: [null] }, TODAY)).toBe(false);
  });
});

describe('readerOf', () => {
  it('is null for the system, public-only for anonymous readers and analysts', () => {
    expect(readerOf(systemActor('demo'))).toBeNull();
    expect(readerOf(undefined)).toBeNull();
    expect(readerOf(ANONYMOUS)).toEqual({ orgId: null, clearance: 'public' });
    expect(readerOf(token(OWN, 'restricted', 'analyst'))).toEqual({ orgId: null, clearance: 'public' });
    expect(readerOf(token(OWN, 'coalition', 'coordinator'))).toEqual({ orgId: OWN, clearance: 'coalition' });
  });
});

describe('effectiveClassification', () => {
  it('raises an embargoed public record to coalition until its day, and nothing else', () => {
    expect(effectiveClassification('public', '2023-01-11', TODAY)).toBe('coalition');
    expect(effectiveClassification('public', TODAY, TODAY)).toBe('public');
    expect(effectiveClassification('public', null, TODAY)).toBe('public');
    expect(effectiveClassification('restricted', '2999-01-01', TODAY)).toBe('restricted');
  });

  it('counts days in UTC', () => {
    expect(todayUtc(new Date('2023-01-10T23:30:00-05:00'))).toBe('2023-01-11');
  });
});
