import type { FundSpendingView, FundView, ServiceContractDetailView } from '@gz/contracts';
import { PASSWORD, type TestCaller } from '@gz/testing';

/** Factories of purchased services and community funds. */

/** Accounts made through identity's API as the district admin; answers their user ids by username. */
export async function usersIn(
  p: TestCaller,
  specs: ReadonlyArray<{ username: string; role: string; scope: string }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const s of specs) {
    const res = await p
      .http()
      .post('/api/v1/users')
      .set(p.as('district-admin'))
      .send({ username: s.username, displayName: s.username, password: PASSWORD, roles: [s.role], scopes: [s.scope] });
    if (res.status !== 201) throw new Error(`user ${s.username}: ${res.status} ${JSON.stringify(res.body)}`);
    ids.set(s.username, (res.body as { id: string }).id);
  }
  return ids;
}

/** A contract of street s01 (its street admin buys) with the organisation, budget 10,000 yuan, two deliverables. */
export async function contractWith(
  p: TestCaller,
  organisationId: string,
  extra: Record<string, unknown> = {},
  as = 'street-admin',
): Promise<ServiceContractDetailView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/contracts')
    .set(p.as(as))
    .send({
      organisationId,
      buyerPath: 'd01.s01',
      title: '2026年东湖街道居家养老上门服务',
      serviceItems: [{ name: '独居老人上门探访', quantity: 480, unit: '人次' }, { name: '助餐配送' }],
      budgetFen: 1_000_000,
      periodStart: '2026-04-01',
      periodEnd: '2026-12-31',
      deliverables: [
        { title: '第二季度服务报告', dueOn: '2026-06-30', amountFen: 300_000 },
        { title: '第三季度服务报告', dueOn: '2026-09-30', amountFen: 500_000 },
      ],
      ...extra,
    });
  if (res.status !== 201) throw new Error(`contract: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ServiceContractDetailView;
}

/** A micro-fund of community d01.s01.c01 set up by its secretary, with these managers. */
export async function fundIn(
  p: TestCaller,
  name: string,
  managers: ReadonlyArray<{ userId: string; name: string }>,
  extra: Record<string, unknown> = {},
  as = 'community-secretary',
): Promise<FundView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/funds')
    .set(p.as(as))
    .send({
      kind: 'micro_fund',
      name,
      placePath: 'd01.s01.c01',
      charity: '东湖街道社区发展基金会',
      purpose: '楼道微更新与困难家庭临时救助',
      managers,
      ...extra,
    });
  if (res.status !== 201) throw new Error(`fund ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as FundView;
}

/** A donation booked by `as` (named 王女士 unless told otherwise). */
export async function donate(
  p: TestCaller,
  fundId: string,
  amountFen: number,
  as: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; seq: number; balanceAfterFen: number }> {
  const res = await p
    .http()
    .post(`/api/v1/incubator/funds/${fundId}/donations`)
    .set(p.as(as))
    .send({ donorName: '王女士', amountFen, channel: 'wechat_pay', receivedOn: '2026-04-20', ...extra });
  if (res.status !== 201) throw new Error(`donation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; seq: number; balanceAfterFen: number };
}

/** A spending requested by `requester` and approved by `approver`. */
export async function approvedSpending(
  p: TestCaller,
  fundId: string,
  amountFen: number,
  requester: string,
  approver: string,
  purpose = '楼道感应灯更换',
): Promise<FundSpendingView> {
  const asked = await p
    .http()
    .post(`/api/v1/incubator/funds/${fundId}/spending`)
    .set(p.as(requester))
    .send({ purpose, payee: '东湖物业服务有限公司', amountFen });
  if (asked.status !== 201) throw new Error(`spending: ${asked.status} ${JSON.stringify(asked.body)}`);
  const approved = await p
    .http()
    .post(`/api/v1/incubator/funds/spending/${(asked.body as FundSpendingView).id}/approve`)
    .set(p.as(approver))
    .send({});
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body as FundSpendingView;
}
