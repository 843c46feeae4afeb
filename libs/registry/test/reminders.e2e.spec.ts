import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  RegistryEvents,
  type DuplicateView,
  type Page,
  type PersonView,
  type ReminderRuleView,
  type ReminderView,
  type TagDefinitionView,
} from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, eventually, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import { todayInChina } from '../src/domain/dates';
import { ReminderConfig } from '../src/reminders.config';
import { RemindersPoller } from '../src/jobs/reminders.poller';
import { ReminderStore } from '../src/persistence/reminder.store';
import { personIn } from './factories';
import { bootPlatform } from './support';

/** `date` (YYYY-MM-DD) moved by years and days. */
function shift(date: string, years: number, days = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('life-event reminders, district tags and likely duplicates through the gateway', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let app: NestFastifyApplication;
  const people = new TestSession(() => app);
  const http = () => people.http();
  const as = (username: string) => people.as(username);
  const today = todayInChina();
  const query = (sql: string, params: unknown[] = []) => app.get(DatabaseRegistry).get('registry').query(sql, params);
  const boot = async () => {
    app = await bootPlatform(env);
    await people.signIn('grid-worker', 'community-secretary', 'street-admin', 'district-admin');
  };
  const register = (body: Record<string, unknown>, by = 'grid-worker') => personIn(people, { ...body, by });

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv({ databaseUrl: db.url, busRoot: root, nats: false, extra: { REMINDER_POLL_MS: '0' } });
    await boot();
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('produces a reminder exactly once across two pollers, two runs and a restart, with its reminder.due event', async () => {
    const rules = (await http().get('/api/v1/registry/reminder-rules').set(as('grid-worker')).expect(200))
      .body as ReminderRuleView[];
    expect(rules.map((r) => r.ageYears)).toEqual([6, 60, 80]);
    const eighty = rules.find((r) => r.ageYears === 80) as ReminderRuleView;

    // turns 80 today, turns 6 in ten days; the demo elders passed 80 before the rule existed
    const elder = await register({ name: '钱玉芬', birthDate: shift(today, -80) });
    const child = await register({ name: '钱小满', gender: 'male', birthDate: shift(today, -6, 10) });

    const poller = app.get(RemindersPoller);
    // a second instance: its own poller on the same database
    const other = new RemindersPoller(
      app.get(DatabaseRegistry).get('registry'),
      app.get(ReminderStore),
      Object.assign(new ReminderConfig(), { REMINDER_POLL_MS: 0 }),
    );
    const [a, b] = await Promise.all([poller.tick(today), other.tick(today)]);
    expect(a + b).toBe(1);
    expect(await poller.tick(today)).toBe(0);

    // restart, this time with the timer on
    await app.close();
    env = { ...env, REMINDER_POLL_MS: '100' };
    await boot();
    expect(await app.get(RemindersPoller).tick(today)).toBe(0);
    const rows = await query(`SELECT person_id, rule_id FROM "registry".reminder`);
    expect(rows).toEqual([{ person_id: elder.id, rule_id: eighty.id }]);
    const late = await register({ name: '钱玉兰', birthDate: shift(today, -80) });
    await eventually(async () =>
      (await query(`SELECT 1 FROM "registry".reminder WHERE person_id = $1`, [late.id])).length === 1
        ? true
        : undefined,
    );

    // the child's birthday, ten days later (a controllable today)
    expect(await app.get(RemindersPoller).tick(shift(today, 0, 9))).toBe(0);
    expect(await app.get(RemindersPoller).tick(shift(today, 0, 10))).toBe(1);
    expect(await app.get(RemindersPoller).tick(shift(today, 0, 10))).toBe(0);

    const events = await query(`SELECT envelope FROM "registry".outbox WHERE type = $1 ORDER BY created_at`, [
      RegistryEvents.reminderDue,
    ]);
    expect(events.map((e: { envelope: { data: Record<string, unknown> } }) => e.envelope.data)).toEqual([
      expect.objectContaining({ personId: elder.id, ruleId: eighty.id, dueOn: today, path: 'd01.s01.c01.g01' }),
      expect.objectContaining({ personId: late.id, ruleId: eighty.id, dueOn: today }),
      expect.objectContaining({ personId: child.id, dueOn: shift(today, 0, 10) }),
    ]);
  });

  it('lists reminders per grid for staff, marks one done; district admins add and disable rules', async () => {
    const open = (
      await http()
        .get('/api/v1/registry/reminders')
        .query({ path: 'd01.s01.c01.g01', status: 'open' })
        .set(as('grid-worker'))
        .expect(200)
    ).body as Page<ReminderView>;
    // oldest due first: the two elders today, the child in ten days
    expect(
      open.items
        .map((r) => r.personName)
        .slice(0, 2)
        .sort(),
    ).toEqual(['钱玉兰', '钱玉芬'].sort());
    expect(open.items[2]).toMatchObject({ personName: '钱小满', dueOn: shift(today, 0, 10), status: 'open' });
    const elder = open.items.find((r) => r.personName === '钱玉芬') as ReminderView;
    await http()
      .get('/api/v1/registry/reminders')
      .query({ path: 'd01.s02.c01.g01' })
      .set(as('grid-worker'))
      .expect(403);

    const done = await http()
      .post(`/api/v1/registry/reminders/${elder.id}/done`)
      .set(as('grid-worker'))
      .send({ note: '已协助申领' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', note: '已协助申领', doneBy: 'grid-worker' });
    await http().post(`/api/v1/registry/reminders/${elder.id}/done`).set(as('grid-worker')).send({}).expect(409);
    const still = (
      await http().get('/api/v1/registry/reminders').query({ status: 'open' }).set(as('grid-worker')).expect(200)
    ).body as Page<ReminderView>;
    expect(still.items.map((r) => r.personName)).toEqual(['钱玉兰', '钱小满']);

    const body = { title: '残疾人满70周岁：护理补贴复核', ageYears: 70, tag: 'disabled', since: '2000-01-01' };
    await http().post('/api/v1/registry/reminder-rules').set(as('grid-worker')).send(body).expect(403);
    await http()
      .post('/api/v1/registry/reminder-rules')
      .set(as('district-admin'))
      .send({ ...body, tag: 'no_such_tag' })
      .expect(400);
    for (const since of ['2026-02-31', '0000-01-01'])
      await http()
        .post('/api/v1/registry/reminder-rules')
        .set(as('district-admin'))
        .send({ ...body, since })
        .expect(400);
    const rule = (await http().post('/api/v1/registry/reminder-rules').set(as('district-admin')).send(body).expect(201))
      .body as ReminderRuleView;
    expect(rule).toMatchObject({ district: 'd01', ageYears: 70, tag: 'disabled', active: true });
    // 赵志明 (born 1975, disabled) is not 70; a disabled person turning 70 next month is due then
    const p = await register(
      { name: '郑德胜', gender: 'male', birthDate: shift(today, -70, 30), tags: ['disabled'] },
      'community-secretary',
    );
    await register({ name: '郑德利', gender: 'male', birthDate: shift(today, -70, 30) }, 'community-secretary');

    const sixty = (
      (await http().get('/api/v1/registry/reminder-rules').set(as('district-admin')).expect(200))
        .body as ReminderRuleView[]
    ).find((r) => r.ageYears === 60) as ReminderRuleView;
    const off = await http()
      .put(`/api/v1/registry/reminder-rules/${sixty.id}/active`)
      .set(as('district-admin'))
      .send({ active: false })
      .expect(200);
    expect(off.body).toMatchObject({ id: sixty.id, district: '*', active: false });
    await register({ name: '孔祥林', gender: 'male', birthDate: shift(today, -60, 30) });

    expect(await app.get(RemindersPoller).tick(shift(today, 0, 30))).toBe(1);
    const due = await query(`SELECT person_id, rule_id FROM "registry".reminder WHERE due_on = $1`, [
      shift(today, 0, 30),
    ]);
    expect(due).toEqual([{ person_id: p.id, rule_id: rule.id }]);
  });

  it('lets a district define tags that persons can then carry', async () => {
    const person = await register({ name: '冯淑华', birthDate: '1950-03-03' });
    const unknown = await http()
      .post(`/api/v1/registry/persons/${person.id}/tags`)
      .set(as('grid-worker'))
      .send({ tag: 'dialysis_patient' })
      .expect(400);
    expect(unknown.body).toMatchObject({
      code: 'invalid',
      details: { fields: { tag: [expect.stringContaining('dialysis_patient')] } },
    });
    await http()
      .post('/api/v1/registry/tags')
      .set(as('grid-worker'))
      .send({ code: 'dialysis_patient', name: '透析病人' })
      .expect(403);
    await http()
      .post('/api/v1/registry/tags')
      .set(as('district-admin'))
      .send({ code: 'dialysis_patient', name: '透析病人' })
      .expect(201);
    await http()
      .post('/api/v1/registry/tags')
      .set(as('district-admin'))
      .send({ code: 'dialysis_patient', name: '透析' })
      .expect(409);
    await http()
      .post('/api/v1/registry/tags')
      .set(as('district-admin'))
      .send({ code: 'veteran', name: '退役军人' })
      .expect(409);
    await http()
      .post('/api/v1/registry/tags')
      .set(as('district-admin'))
      .send({ code: 'Bad Code', name: 'x' })
      .expect(400);

    const tags = (await http().get('/api/v1/registry/tags').set(as('grid-worker')).expect(200))
      .body as TagDefinitionView[];
    expect(tags).toHaveLength(8);
    expect(tags).toContainEqual({ code: 'dialysis_patient', name: '透析病人', builtIn: false });

    const tagged = await http()
      .post(`/api/v1/registry/persons/${person.id}/tags`)
      .set(as('grid-worker'))
      .send({ tag: 'dialysis_patient' })
      .expect(200);
    expect(tagged.body.tags).toEqual(['dialysis_patient']);
    const created = await register({
      name: '冯淑芳',
      birthDate: '1952-03-03',
      tags: ['dialysis_patient', 'elderly_alone'],
    });
    expect(created.tags).toEqual(['dialysis_patient', 'elderly_alone']);
    const found = (
      await http().get('/api/v1/registry/persons').query({ tag: 'dialysis_patient' }).set(as('grid-worker')).expect(200)
    ).body as Page<PersonView>;
    expect(found.items.map((p) => p.name).sort()).toEqual(['冯淑华', '冯淑芳']);
    const removed = await http()
      .delete(`/api/v1/registry/persons/${person.id}/tags/dialysis_patient`)
      .set(as('grid-worker'))
      .expect(200);
    expect((removed.body as PersonView).tags).toEqual([]);
    await http()
      .post('/api/v1/registry/persons')
      .set(as('grid-worker'))
      .send({
        name: '无名',
        gender: 'male',
        birthDate: '1990-01-01',
        residenceType: 'registered',
        gridPath: 'd01.s01.c01.g01',
        tags: ['made_up'],
      })
      .expect(400);
  });

  it('flags likely duplicates without identity numbers in one community; a reviewer merges or keeps them apart', async () => {
    const first = await register({
      name: 'Maria Garcia',
      birthDate: '1990-04-04',
      residenceType: 'foreign',
      ethnicity: '外国籍',
      tags: ['low_income'],
    });
    // the same name and birth date in another grid of the community, and in another street (not flagged)
    const second = await register(
      { name: 'Maria Garcia', birthDate: '1990-04-04', residenceType: 'foreign', gridPath: 'd01.s01.c01.g02' },
      'community-secretary',
    );
    await register(
      { name: 'Maria Garcia', birthDate: '1990-04-04', residenceType: 'foreign', gridPath: 'd01.s02.c01.g01' },
      'district-admin',
    );
    const baby1 = await register({ name: '周安安', birthDate: '2026-01-02' });
    const baby2 = await register({ name: '周安安', birthDate: '2026-01-02' });

    const list = (await http().get('/api/v1/registry/duplicates').set(as('community-secretary')).expect(200))
      .body as Page<DuplicateView>;
    expect(list.total).toBe(2);
    const maria = list.items.find((d) => d.person.name === 'Maria Garcia') as DuplicateView;
    expect(maria.community).toBe('d01.s01.c01');
    expect([maria.person.id, maria.other.id].sort()).toEqual([first.id, second.id].sort());
    const babies = list.items.find((d) => d.person.name === '周安安') as DuplicateView;
    // a grid worker sees flags about persons of the grid, but does not decide them
    expect(
      ((await http().get('/api/v1/registry/duplicates').set(as('grid-worker')).expect(200)).body as Page<DuplicateView>)
        .total,
    ).toBe(2);
    await http()
      .post(`/api/v1/registry/duplicates/${maria.id}/merge`)
      .set(as('grid-worker'))
      .send({ keepPersonId: first.id })
      .expect(403);
    await http()
      .post(`/api/v1/registry/duplicates/${maria.id}/merge`)
      .set(as('community-secretary'))
      .send({ keepPersonId: baby1.id })
      .expect(422);

    const merged = await http()
      .post(`/api/v1/registry/duplicates/${maria.id}/merge`)
      .set(as('community-secretary'))
      .send({ keepPersonId: second.id })
      .expect(200);
    expect(merged.body).toMatchObject({ status: 'merged', keptPersonId: second.id });
    const kept = (await http().get(`/api/v1/registry/persons/${second.id}`).set(as('community-secretary')).expect(200))
      .body as PersonView;
    expect(kept.tags).toEqual(['low_income']);
    const gone = (await http().get(`/api/v1/registry/persons/${first.id}`).set(as('community-secretary')).expect(200))
      .body as PersonView;
    expect(gone.present).toBe(false);
    await http().post(`/api/v1/registry/duplicates/${maria.id}/keep-apart`).set(as('community-secretary')).expect(409);

    const apart = await http()
      .post(`/api/v1/registry/duplicates/${babies.id}/keep-apart`)
      .set(as('community-secretary'))
      .expect(200);
    expect(apart.body).toMatchObject({ status: 'kept_apart', keptPersonId: null });
    expect(
      (
        (await http().get('/api/v1/registry/duplicates').set(as('community-secretary')).expect(200))
          .body as Page<DuplicateView>
      ).total,
    ).toBe(0);
    const resolved = (
      await http()
        .get('/api/v1/registry/duplicates')
        .query({ status: 'kept_apart' })
        .set(as('community-secretary'))
        .expect(200)
    ).body as Page<DuplicateView>;
    expect(resolved.items.map((d) => d.id)).toEqual([babies.id]);
    expect([baby1.id, baby2.id]).toContain(resolved.items[0].person.id);
  });

  it('on a merge the kept person takes over the current residence of the other', async () => {
    const households = (
      await http().get('/api/v1/registry/households').query({ pageSize: 100 }).set(as('grid-worker')).expect(200)
    ).body as Page<{
      id: string;
      doorNumber: string;
    }>;
    const home = households.items.find((h) => h.doorNumber === '1-302') as { id: string };
    const living = await register({
      name: '吴小米',
      birthDate: '2025-12-12',
      householdId: home.id,
      relation: 'grandchild',
      gridPath: undefined,
    });
    const loose = await register({ name: '吴小米', birthDate: '2025-12-12' });
    const flag = (
      (await http().get('/api/v1/registry/duplicates').set(as('community-secretary')).expect(200))
        .body as Page<DuplicateView>
    ).items[0];
    await http()
      .post(`/api/v1/registry/duplicates/${flag.id}/merge`)
      .set(as('community-secretary'))
      .send({ keepPersonId: loose.id })
      .expect(200);
    const kept = (await http().get(`/api/v1/registry/persons/${loose.id}`).set(as('grid-worker')).expect(200))
      .body as PersonView;
    expect(kept).toMatchObject({ householdId: home.id, relation: 'grandchild', present: true });
    const residences = (
      await http().get(`/api/v1/registry/persons/${loose.id}/residences`).set(as('grid-worker')).expect(200)
    ).body as Array<{
      householdId: string;
      movedOutOn: string | null;
    }>;
    expect(residences).toEqual([expect.objectContaining({ householdId: home.id, movedOutOn: null })]);
    const merged = (await http().get(`/api/v1/registry/persons/${living.id}`).set(as('grid-worker')).expect(200))
      .body as PersonView;
    expect(merged).toMatchObject({ present: false, householdId: null });
  });
});
