import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationView, RoundApplicationView, RoundView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import type { Response } from 'supertest';
import { bootIncubator, incubatorDb, organisationIn } from './factories';
import {
  applicationBody,
  applyTo,
  createUsers,
  marks,
  namePanel,
  roundIn,
  score,
  STANDARD_CRITERIA,
  stepRound,
} from './rounds.factories';

const TABLES = [
  'round',
  'round_application',
  'round_reviewer',
  'round_conflict',
  'round_recusal',
  'round_score_sheet',
  'milestone',
  'outbox',
];

/** Bad input to rounds and applications: 400 (malformed) or 422 (against the rules) problem+json, and nothing written. */
describe('bad input to venture-philanthropy rounds, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let org: OrganisationView;
  let informal: OrganisationView;
  let round: RoundView;
  let draft: RoundView;
  let application: RoundApplicationView;

  /** Row counts of every table of rounds, and of the outbox. */
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${t}`))[0].n as number;
    return out;
  };
  const problem = (res: Response, status: number, detail?: RegExp) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (detail) expect(res.body.detail).toMatch(detail);
  };
  const post = (url: string, body: unknown, as = 'street-admin') =>
    http()
      .post(url)
      .set(s.as(as))
      .send(body as object);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'rounds-input-e2e');
    await s.signIn('district-admin', 'street-admin', 'street-admin-s02', 'community-secretary', 'resident');
    await createUsers(s, ['input-reviewer']);
    await s.signIn('input-reviewer');
    org = await organisationIn(s, '湖光社区书画社');
    informal = await organisationIn(s, '湖光跳绳队', { legalStatus: 'informal', fields: ['culture_sports'] });
    round = await roundIn(s, {
      eligibility: { legalStatuses: ['registered', 'filed'], fields: ['elderly'] },
      awardCapFen: 5_000_000,
    });
    draft = await roundIn(s, { title: '尚未发布的一轮' });
    const reviewerId = (await http().get('/api/v1/me').set(s.as('input-reviewer')).expect(200)).body.id as string;
    await namePanel(s, round.id, [reviewerId]);
    await stepRound(s, round.id, 'open');
    application = await applyTo(s, round.id, applicationBody(org.id, 1_000_000));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('refuses a malformed or rule-breaking round', async () => {
    const before = await counts();
    const base = {
      place: 'd01.s01',
      title: '2026年公益创投',
      callText: '征集项目',
      track: 'standard',
      budgetFen: 1_000_000,
      eligibility: { legalStatuses: ['filed'] },
      opensAt: '2026-05-12',
      closesAt: '2026-06-01',
      reviewBy: '2026-06-15',
      criteria: STANDARD_CRITERIA,
    };
    const malformed = [
      { ...base, budgetFen: -5 },
      { ...base, budgetFen: 1.5 },
      { ...base, track: 'mega' },
      { ...base, closesAt: 'next week' },
      { ...base, eligibility: { legalStatuses: ['club'] } },
      { ...base, criteria: [{ key: 'Need!', name: '需求', weight: 100 }] },
      { ...base, criteria: [{ key: 'need', name: '需求', weight: 0 }] },
      { ...base, extra: true },
      { ...base, title: '' },
    ];
    for (const body of malformed) problem(await post('/api/v1/incubator/rounds', body), 400);
    const rules: Array<[Record<string, unknown>, RegExp]> = [
      [
        { criteria: [...STANDARD_CRITERIA.slice(0, 2), { key: 'budget', name: '预算', weight: 20 }] },
        /weights add up to 95, not 100/,
      ],
      [{ criteria: [{ key: 'need', name: '需求', weight: 100 }] }, /3 to 10 criteria/],
      [{ closesAt: '2026-05-01' }, /closesAt/],
      [{ reviewBy: '2026-05-20' }, /reviewBy/],
      [{ track: 'small_grants', criteria: [{ key: 'need', name: '需求', weight: 100 }] }, /per-award cap/],
      [
        {
          track: 'small_grants',
          awardCapFen: 900_000,
          eligibility: { legalStatuses: ['registered'] },
          criteria: [{ key: 'need', name: '需求', weight: 100 }],
        },
        /not open to registered/,
      ],
      [{ minScoreSheets: 1 }, /2 to 15 score sheets/],
      [{ place: 'd01.s01.c01' }, /street .* or by the district/],
      [{ eligibility: { legalStatuses: ['filed'], communities: ['d01.s02.c01'] } }, /outside d01.s01/],
      [{ eligibility: { legalStatuses: ['filed'], communities: ['d01.s01.c09'] } }, /not a community/],
    ];
    for (const [extra, detail] of rules)
      problem(await post('/api/v1/incubator/rounds', { ...base, ...extra }), 422, detail);
    problem(await post('/api/v1/incubator/rounds', { ...base, place: 'd01.s02' }), 403);
    problem(await post('/api/v1/incubator/rounds', base, 'community-secretary'), 403);
    problem(await post('/api/v1/incubator/rounds', base, 'resident'), 403);
    // criteria of a draft: the same rules; a stale version is 409
    const put = (id: string, body: unknown) =>
      http()
        .put(`/api/v1/incubator/rounds/${id}/criteria`)
        .set(s.as('street-admin'))
        .send(body as object);
    problem(
      await put(draft.id, { version: draft.version, criteria: [{ key: 'need', name: '需求', weight: 100 }] }),
      422,
    );
    problem(await put(draft.id, { criteria: STANDARD_CRITERIA }), 400);
    problem(await put(draft.id, { version: draft.version + 1, criteria: STANDARD_CRITERIA }), 409);
    problem(await put('not-a-uuid', { version: 1, criteria: STANDARD_CRITERIA }), 400);
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed or rule-breaking application', async () => {
    const before = await counts();
    const url = `/api/v1/incubator/rounds/${round.id}/applications`;
    const good = applicationBody(org.id, 1_000_000);
    const malformed = [
      { ...good, organisationId: 'x' },
      { ...good, amountFen: 0 },
      { ...good, amountFen: '1000000 yuan' },
      { ...good, communityPath: 'd01.s01' },
      { ...good, budgetLines: [] },
      { ...good, budgetLines: [{ item: '物料', amountFen: -1 }] },
      { ...good, milestones: [{ title: '完成', dueOn: '2026-13-01', shareBp: 10_000 }] },
      { ...good, milestones: [{ title: '完成', dueOn: '2026-09-01', shareBp: 10_001 }] },
      { ...good, title: undefined },
      { ...good, extra: 1 },
    ];
    for (const body of malformed) problem(await post(url, body), 400);
    const lines = await post(url, {
      ...good,
      budgetLines: [
        { item: '志愿者培训', amountFen: 500_000 },
        { item: '活动物料', amountFen: 495_000 },
      ],
    });
    problem(lines, 422, /add up to 995,000 fen, 5,000 fen less than the 1,000,000 fen asked/);
    expect(lines.body.details).toMatchObject({ field: 'budgetLines', differenceFen: -5000 });
    const rules: Array<[Record<string, unknown>, RegExp]> = [
      [
        { milestones: [{ title: '完成', dueOn: '2026-09-01', shareBp: 9000 }] },
        /9000 basis points, 1000 less than 10000/,
      ],
      [
        {
          milestones: [
            { title: '二', dueOn: '2026-12-01', shareBp: 5000 },
            { title: '一', dueOn: '2026-09-01', shareBp: 5000 },
          ],
        },
        /due before/,
      ],
      [{ communityPath: 'd01.s01.c02' }, /does not serve d01.s01.c02/],
      [{ organisationId: informal.id }, /open to filed, registered organisations; this one is informal/],
      [
        {
          amountFen: 6_000_000,
          budgetLines: [{ item: '全部', amountFen: 6_000_000 }],
        },
        /one award is at most 5,000,000 fen/,
      ],
    ];
    for (const [extra, detail] of rules) problem(await post(url, { ...good, ...extra }), 422, detail);
    // no application to a draft, nor from someone who does not act for the organisation
    problem(await post(`/api/v1/incubator/rounds/${draft.id}/applications`, good), 409);
    problem(await post(url, good, 'resident'), 403);
    problem(await post(url, good, 'street-admin-s02'), 403);
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed or incomplete score sheet, and awards and project records that break the rules', async () => {
    clock.set('2026-06-01T09:00:00+08:00');
    await stepRound(s, round.id, 'close-call');
    const before = await counts();
    const put = (body: unknown) =>
      http()
        .put(`/api/v1/incubator/applications/${application.id}/score-sheet`)
        .set(s.as('input-reviewer'))
        .send(body as object);
    for (const body of [
      { marks: marks([11, 5, 5]) },
      { marks: marks([-1, 5, 5]) },
      { marks: marks([7.5, 5, 5]) },
      { marks: [{ criterion: 'need', points: 5, notApplicable: false }, ...marks([5, 5]).slice(1)] },
      { marks: [] },
      {},
    ])
      problem(await put(body), 400);
    for (const [body, detail] of [
      [{ marks: marks([5, 5]).slice(0, 2) }, /leaves out budget/],
      [{ marks: [...marks([5, 5, 5]), { criterion: 'impact', points: 5 }] }, /impact is not one of/],
      [
        { marks: [{ criterion: 'need', points: 5, notApplicable: true }, ...marks([5, 5, 5]).slice(1)] },
        /one of the two/,
      ],
      [{ marks: marks([null, null, null]) }, /at least one criterion must apply/],
    ] as Array<[unknown, RegExp]>)
      problem(await put(body), 422, detail);
    // no sheet from someone off the panel
    problem(await score(s, application.id, 'street-admin', [5, 5, 5]), 403);
    await stepRound(s, round.id, 'close-review');
    const award = (body: unknown) =>
      http()
        .post(`/api/v1/incubator/applications/${application.id}/award`)
        .set(s.as('street-admin'))
        .send(body as object);
    problem(await award({ amountFen: 0 }), 400);
    problem(await award({ amountFen: 2_000_000 }), 422, /at most the 1,000,000 fen asked/);
    // not scored: the round asks for two sheets before an award
    problem(await award({}), 409, /0 score sheet\(s\); the round asks for 2/);
    problem(await award({}), 409);
    const review = (tail: string, body: unknown) =>
      http()
        .post(`/api/v1/incubator/applications/${application.id}/${tail}`)
        .set(s.as('street-admin'))
        .send(body as object);
    problem(await review('midterm-review', { outcome: 'maybe', findings: '中期' }), 400);
    problem(await review('final-evaluation', { score: 101, findings: '终期' }), 400);
    problem(await review('final-evaluation', { score: 80 }), 400);
    problem(await review('midterm-review', { outcome: 'pass', findings: '中期' }), 409, /not been awarded/);
    expect(await counts()).toEqual(before);
  });
});
