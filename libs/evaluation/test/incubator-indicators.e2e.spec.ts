import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type EventPerson } from '@gz/contracts';
import { newId } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import { BUILTIN_INDICATORS } from '../src/domain/indicators';
import { DefinitionsStore } from '../src/persistence/definitions.store';
import { bootEvaluation, envelope, publish, settled } from './factories';

const C01 = 'd01.s01.c01';
const BY: EventPerson = { id: 'u-park', kind: 'user' };
const id = () => newId();

/** What every incubation event of one organisation says. */
const incubation = (organisationId: string, at: string) => ({
  incubationId: id(),
  parkId: id(),
  parkPath: 'd01.s01',
  organisationId,
  street: 's01',
  communityPath: C01,
  communitiesServed: [C01],
  legalStatus: 'filed' as const,
  by: BY,
  at,
});
const fund = { fundId: id(), fundKind: 'community_fund' as const, street: 's01', placePath: C01, communityPath: C01 };

describe("evaluation takes in the incubator's events: organisations incubated and graduated, volunteer hours, fund spending", () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const orgA = id();
  const orgB = id();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootEvaluation(
      testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false, extra: { PROJECTION_POLL_MS: '50' } }),
    );
    await s.signIn('district-admin');
    const spending = (amountFen: number, at: string) => ({
      ...fund,
      spendingId: id(),
      entryId: id(),
      purpose: '楼道照明',
      amountFen,
      requestedBy: BY,
      approvedBy: { id: 'u-approver', kind: 'user' as const },
      by: BY,
      at,
    });
    const hours = (minutes: number, replaces: { entryId: string; minutes: number } | null = null) => ({
      entryId: id(),
      activityId: 'act-1',
      volunteerId: id(),
      teamId: id(),
      organisationId: orgA,
      street: 's01',
      communityPath: C01,
      minutes,
      servedOn: '2026-05-09',
      late: false,
      replaces,
      by: BY,
      at: '2026-05-10T02:00:00Z',
    });
    const firstEntry = hours(90);
    const spent = spending(120_000, '2026-05-20T02:00:00Z');
    await publish(app, [
      // two admitted in May (one reviewed after its 5 working days), one graduated, one left
      envelope(
        IncubatorEvents.incubationAdmitted,
        's01',
        {
          ...incubation(orgA, '2026-05-06T02:00:00Z'),
          appliedAt: '2026-05-04T02:00:00Z',
          firstReviewDueAt: '2026-05-11T16:00:00Z',
          firstReviewLate: false,
        },
        '2026-05-06T02:00:00Z',
      ),
      envelope(
        IncubatorEvents.incubationAdmitted,
        's01',
        {
          ...incubation(orgB, '2026-05-28T02:00:00Z'),
          appliedAt: '2026-05-04T02:00:00Z',
          firstReviewDueAt: '2026-05-11T16:00:00Z',
          firstReviewLate: true,
        },
        '2026-05-28T02:00:00Z',
      ),
      envelope(
        IncubatorEvents.incubationGraduated,
        's01',
        {
          ...incubation(orgA, '2026-05-30T02:00:00Z'),
          appliedAt: '2026-05-04T02:00:00Z',
          admittedAt: '2026-05-06T02:00:00Z',
          assessmentTotal: 410,
        },
        '2026-05-30T02:00:00Z',
      ),
      envelope(
        IncubatorEvents.incubationLeft,
        's01',
        { ...incubation(id(), '2026-05-15T02:00:00Z'), fromStage: 'applied', reason: 'not_admitted' },
        '2026-05-15T02:00:00Z',
      ),
      // 90 + 45 minutes, then a correction puts the 90 at 120: 165 minutes, 2.75 hours
      envelope(IncubatorEvents.volunteerHoursCredited, 's01', firstEntry, '2026-05-10T02:00:00Z'),
      envelope(IncubatorEvents.volunteerHoursCredited, 's01', hours(45), '2026-05-10T02:00:00Z'),
      envelope(
        IncubatorEvents.volunteerHoursCredited,
        's01',
        hours(120, { entryId: firstEntry.entryId, minutes: 90 }),
        '2026-05-12T02:00:00Z',
      ),
      // two spendings published (1,200.00 and 350.50 yuan), the second reversed in part by 50.50
      envelope(IncubatorEvents.fundSpendingPublished, 's01', spent, '2026-05-20T02:00:00Z'),
      envelope(
        IncubatorEvents.fundSpendingPublished,
        's01',
        spending(35_050, '2026-05-21T02:00:00Z'),
        '2026-05-21T02:00:00Z',
      ),
      envelope(
        IncubatorEvents.fundEntryReversed,
        's01',
        {
          ...fund,
          entryId: id(),
          reversesEntryId: spent.entryId,
          reversedKind: 'spending',
          deltaFen: 5_050,
          balanceAfterFen: 0,
          by: BY,
          at: '2026-05-22T02:00:00Z',
        },
        '2026-05-22T02:00:00Z',
      ),
    ]);
    await settled(app);
    await http()
      .post('/api/v1/evaluation/schemes')
      .set(s.as('district-admin'))
      .send({
        code: 'community-organisations',
        name: '社区社会组织培育',
        unitKind: 'community',
        items: [
          {
            indicator: 'organisations_incubated',
            weight: 20,
            points: { kind: 'bands', bands: [{ from: 1, points: 20 }] },
          },
          { indicator: 'first_review_on_time_rate', weight: 20, points: { kind: 'proportional' } },
          {
            indicator: 'organisations_graduated',
            weight: 20,
            points: { kind: 'bands', bands: [{ from: 1, points: 20 }] },
          },
          { indicator: 'volunteer_hours', weight: 20, points: { kind: 'bands', bands: [{ from: 2, points: 20 }] } },
          {
            indicator: 'fund_spendings_published',
            weight: 10,
            points: { kind: 'bands', bands: [{ from: 2, points: 10 }] },
          },
          { indicator: 'fund_spent', weight: 10, points: { kind: 'bands', bands: [{ from: 1000, points: 10 }] } },
        ],
      })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("scores a community from the incubator's facts, each line explained", async () => {
    const res = await http()
      .get('/api/v1/evaluation/scorecards')
      .query({ unitKind: 'community', unit: C01, period: '2026-05', scheme: 'community-organisations' })
      .set(s.as('district-admin'))
      .expect(200);
    const line = (code: string) => res.body.lines.find((l: { indicator: string }) => l.indicator === code);
    expect(line('organisations_incubated')).toMatchObject({ numerator: 2, value: { shown: '2' }, points: '20.00' });
    expect(line('first_review_on_time_rate')).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: { shown: '50.0' },
      points: '10.00',
    });
    expect(line('organisations_graduated')).toMatchObject({ numerator: 1, points: '20.00' });
    expect(line('volunteer_hours')).toMatchObject({ numerator: 165, value: { fraction: '165/60', shown: '2.8' } });
    expect(line('volunteer_hours').explanation).toContain('165 ÷ 60 = 2.8小时');
    expect(line('fund_spendings_published')).toMatchObject({ numerator: 2, points: '10.00' });
    // 1,200.00 + 350.50 − 50.50 yuan
    expect(line('fund_spent')).toMatchObject({ numerator: 150_000, value: { shown: '1500.00' }, points: '10.00' });
    expect(res.body.score).toBe('90.00');
  });

  it('counts an organisation as a unit of its own: its graduation and its volunteers’ hours', async () => {
    const value = (code: string, unit: string) =>
      http()
        .get(`/api/v1/evaluation/indicators/${code}/value`)
        .query({ unitKind: 'social_org', unit, period: '2026-05' })
        .set(s.as('district-admin'))
        .expect(200);
    expect((await value('volunteer_hours', orgA)).body).toMatchObject({ numerator: 165, shown: '2.8小时' });
    expect((await value('organisations_graduated', orgA)).body).toMatchObject({ numerator: 1 });
    expect((await value('organisations_graduated', orgB)).body).toMatchObject({ numerator: 0 });
    const list = await http().get('/api/v1/evaluation/indicators').set(s.as('district-admin')).expect(200);
    const hours = list.body.find((i: { code: string }) => i.code === 'volunteer_hours');
    expect(hours).toMatchObject({
      unitKinds: ['street', 'community', 'social_org'],
      rule: { kind: 'count', divisor: 60 },
    });
    expect(hours.ruleText).toContain('÷ 60');
  });

  it('refuses a divisor on anything but a count (422), and writes nothing', async () => {
    const res = await http()
      .post('/api/v1/evaluation/indicators')
      .set(s.as('district-admin'))
      .send({
        code: 'hours_share',
        name: '时长占比',
        description: '—',
        unitKinds: ['community'],
        rule: {
          kind: 'ratio',
          numerator: { measure: 'volunteer.minutes', basis: 'at', facet: '*' },
          denominator: { measure: 'volunteer.entries', basis: 'at', facet: '*' },
          scale: 1,
          divisor: 60,
        },
        higherIsBetter: true,
        decimals: 1,
        unit: '小时',
      })
      .expect(422);
    expect(res.body.detail).toBe('Only a count has a divisor');
    const list = await http().get('/api/v1/evaluation/indicators').set(s.as('district-admin')).expect(200);
    expect(list.body.map((i: { code: string }) => i.code)).not.toContain('hours_share');
  });

  it('finds the stored built-in indicators unchanged on the next start (jsonb reorders keys; the values are what count)', async () => {
    const builtins = BUILTIN_INDICATORS.map((b) => ({ ...b, version: 1, district: null }));
    expect(await app.get(DefinitionsStore).ensureBuiltins(builtins, new Date())).toEqual([]);
    const changed = [{ ...builtins[0], name: '改过的名称' }];
    expect(await app.get(DefinitionsStore).ensureBuiltins(changed, new Date())).toEqual([
      { code: builtins[0].code, version: 1 },
    ]);
  });
});
