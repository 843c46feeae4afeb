import { formatFen, type Actor, type Role } from '@gz/contracts';
import {
  donationProblems,
  fundCommunity,
  fundPlaceKind,
  managesFund,
  periodProblems,
  placesAbove,
  readsFund,
  readsStatement,
  statementOf,
  type LedgerEntry,
} from './fund-rules';

const user = (role: Role, ...scopes: string[]): Actor => ({ kind: 'user', id: `u-${role}`, roles: [role], scopes });
const fund = { placePath: 'd01.s01.c01', managers: ['manager-1'] };

const entry = (
  seq: number,
  kind: LedgerEntry['kind'],
  deltaFen: number,
  extra: Partial<LedgerEntry> = {},
): LedgerEntry => ({
  seq,
  day: '2026-05-12',
  kind,
  deltaFen,
  donorName: null,
  anonymous: false,
  channel: null,
  purpose: null,
  payee: null,
  reversesSeq: null,
  reason: null,
  ...extra,
});

describe('community funds', () => {
  it('tells a community fund from a street one', () => {
    expect(fundPlaceKind('d01.s01')).toBe('street');
    expect(fundPlaceKind('d01.s01.c01')).toBe('community');
    expect(fundCommunity('d01.s01')).toBeNull();
    expect(fundCommunity('d01.s01.c01')).toBe('d01.s01.c01');
  });

  it('lets managers and keepers manage, staff read, and the place read the statement', () => {
    const manager: Actor = { kind: 'user', id: 'manager-1', roles: ['resident'], scopes: ['d01.s01.c01.g01'] };
    expect(managesFund(manager, fund)).toBe(true);
    expect(managesFund(user('community_secretary', 'd01.s01.c01'), fund)).toBe(true);
    expect(managesFund(user('street_admin', 'd01.s02'), fund)).toBe(false);
    expect(managesFund(user('auditor', 'd01'), fund)).toBe(false);
    expect(readsFund(user('auditor', 'd01'), fund)).toBe(true);
    expect(readsFund(user('resident', 'd01.s01.c01.g01'), fund)).toBe(false);
    expect(readsStatement(user('resident', 'd01.s01.c01.g01'), fund)).toBe(true);
    expect(readsStatement(user('resident', 'd01.s01.c02.g01'), fund)).toBe(false);
    expect(readsStatement(user('department_officer', 'd01.dep-sanitation'), fund)).toBe(false);
    expect(readsStatement({ kind: 'client', id: 'c', roles: [], scopes: ['d01.s01.c01'] }, fund)).toBe(false);
  });

  it('lists the places above a scope', () => {
    expect(placesAbove(['d01.s01.c01.g01'])).toEqual(['d01', 'd01.s01', 'd01.s01.c01', 'd01.s01.c01.g01']);
  });

  it('asks a donation for a name unless anonymous, and no day in the future', () => {
    expect(donationProblems({ donorName: '王女士', receivedOn: '2026-05-12' }, '2026-05-12')).toEqual({});
    expect(donationProblems({ anonymous: true, receivedOn: '2026-05-01' }, '2026-05-12')).toEqual({});
    expect(donationProblems({ receivedOn: '2026-05-01' }, '2026-05-12')).toHaveProperty('donorName');
    expect(
      donationProblems({ anonymous: true, donorName: '王', receivedOn: '2026-05-01' }, '2026-05-12'),
    ).toHaveProperty('donorName');
    expect(donationProblems({ donorName: '王', receivedOn: '2026-05-13' }, '2026-05-12')).toHaveProperty('receivedOn');
  });

  it('keeps a statement period forwards and at most a year and a day', () => {
    expect(periodProblems('2026-01-01', '2026-12-31')).toEqual({});
    expect(periodProblems('2026-05-02', '2026-05-01')).toHaveProperty('to');
    expect(periodProblems('2024-01-01', '2024-12-31')).toEqual({}); // 366 days of a leap year
    expect(periodProblems('2026-01-01', '2027-01-02')).toHaveProperty('to');
  });

  it('adds a statement up: closing = opening + donations − spending + corrections', () => {
    const s = statementOf(10_000, [
      entry(4, 'donation', 5_000, { donorName: '王女士', channel: 'cash' }),
      entry(5, 'donation', 2_000, { anonymous: true, channel: 'wechat_pay' }),
      entry(6, 'spending', -8_000, { purpose: '楼道灯', payee: '物业' }),
      entry(7, 'reversal', -2_000, { reversesSeq: 5, reason: '重复登记' }),
    ]);
    expect(s).toMatchObject({
      donationsFen: 7_000,
      spendingFen: 8_000,
      correctionsFen: -2_000,
      closingBalanceFen: 7_000,
    });
    expect(s.lines.map((l) => [l.inFen, l.outFen, l.balanceFen])).toEqual([
      [5_000, 0, 15_000],
      [2_000, 0, 17_000],
      [0, 8_000, 9_000],
      [0, 2_000, 7_000],
    ]);
    expect(s.lines.map((l) => l.donor)).toEqual(['王女士', '匿名', null, null]);
    expect(statementOf(300, [])).toMatchObject({ lines: [], closingBalanceFen: 300 });
  });

  it('writes fen as yuan without floating point', () => {
    expect(formatFen(123_456)).toBe('1234.56');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-1_000)).toBe('-10.00');
    expect(formatFen(999_999_999_999_99)).toBe('999999999999.99');
  });
});
