import { describe, expect, it } from 'vitest';
import { boxed, startBanner, withoutPassword } from './banner.js';

const accounts = [
  {
    email: 'admin@demo.aidgrid.test',
    role: 'admin',
    org_id: 'o1',
    org_name: 'Cell',
    password: 'pw-admin-0123456',
  },
  {
    email: 'donor@demo.aidgrid.test',
    role: 'donor',
    org_id: 'o2',
    org_name: 'Germany',
    password: 'pw-donor-0123456',
  },
] as const;

describe('the start banner', () => {
  it('says where to go, where the data is and what day it is as of, and ends with the accounts in a box', () => {
    const text = startBanner({
      url: 'http://127.0.0.1:8080',
      data: '/srv/aidgrid-data (embedded PostgreSQL)',
      asOf: '2022-11-24',
      asOfSource: 'data_set',
      accounts,
    });
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('  web UI       http://127.0.0.1:8080/');
    expect(lines).toContain('  data as of   2022-11-24 (the day stored with the data)');
    expect(lines.at(-1)).toMatch(/^└─+┘$/);
    expect(text).toMatch(/│ admin@demo\.aidgrid\.test {2}pw-admin-0123456 {2}admin of Cell {2,}│/);
    expect(new Set(lines.filter((line) => /^[│┌└]/.test(line)).map((line) => [...line].length)).size).toBe(1);
  });

  it('prints no password that was given, and no box without accounts', () => {
    const shared = startBanner({
      url: 'http://h:1',
      data: 'd',
      asOf: '2026-12-07',
      asOfSource: 'system',
      accounts,
      sharedPassword: true,
    });
    expect(shared).not.toContain('pw-admin');
    expect(shared).toContain('(today)');
    expect(
      startBanner({ url: 'http://h:1', data: 'd', asOf: '2026-12-07', asOfSource: 'system' }),
    ).not.toContain('┌');
  });

  it('frames lines of any width and hides a database password', () => {
    expect(boxed(['ab', 'abcd'])).toEqual(['┌──────┐', '│ ab   │', '│ abcd │', '└──────┘']);
    expect(withoutPassword('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  });
});
