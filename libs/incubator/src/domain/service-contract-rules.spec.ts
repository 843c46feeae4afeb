import type { Actor, Role } from '@gz/contracts';
import { buys, contractProblems, paymentRefusal } from './service-contract-rules';

const user = (role: Role, ...scopes: string[]): Actor => ({ kind: 'user', id: 'u', roles: [role], scopes });

describe('purchased services', () => {
  it('lets the street or district admins buy within their place', () => {
    expect(buys(user('street_admin', 'd01.s01'), 'd01.s01')).toBe(true);
    expect(buys(user('street_admin', 'd01.s01'), 'd01')).toBe(false);
    expect(buys(user('street_admin', 'd01.s02'), 'd01.s01')).toBe(false);
    expect(buys(user('district_admin', 'd01'), 'd01.s01')).toBe(true);
    expect(buys(user('community_secretary', 'd01.s01.c01'), 'd01.s01')).toBe(false);
    expect(buys(user('auditor', 'd01'), 'd01')).toBe(false);
  });

  it('keeps the period forwards, the deliverables inside it and within the budget', () => {
    const terms = { periodStart: '2026-04-01', periodEnd: '2026-12-31', budgetFen: 100_000 };
    expect(
      contractProblems({
        ...terms,
        deliverables: [
          { dueOn: '2026-06-30', amountFen: 40_000 },
          { dueOn: '2026-12-31', amountFen: 60_000 },
        ],
      }),
    ).toEqual({});
    expect(contractProblems({ ...terms, periodEnd: '2026-03-31', deliverables: [] })).toHaveProperty('periodEnd');
    expect(contractProblems({ ...terms, deliverables: [{ dueOn: '2027-01-01', amountFen: 1 }] })).toHaveProperty([
      'deliverables.0.dueOn',
    ]);
    expect(
      contractProblems({ ...terms, committedFen: 90_000, deliverables: [{ dueOn: '2026-06-30', amountFen: 10_001 }] }),
    ).toHaveProperty('deliverables');
  });

  it('explains a refused payment by the first rule it breaks', () => {
    const contract = { budgetFen: 100, paidFen: 90 };
    expect(paymentRefusal({ status: 'reported', amountFen: 50, paidFen: 0 }, contract, 10)?.details).toEqual({
      status: 'reported',
    });
    expect(paymentRefusal({ status: 'accepted', amountFen: 50, paidFen: 45 }, contract, 10)?.details).toMatchObject({
      remainingFen: 5,
    });
    expect(paymentRefusal({ status: 'accepted', amountFen: 50, paidFen: 0 }, contract, 20)?.details).toMatchObject({
      remainingBudgetFen: 10,
    });
    expect(paymentRefusal({ status: 'accepted', amountFen: 50, paidFen: 0 }, contract, 10)).toBeNull();
  });
});
