import type { INestApplication } from '@nestjs/common';
import { TIMELINE_ACTIONS } from '@gz/contracts';
import { DatabaseRegistry, newId, PlatformModule } from '@gz/platform';
import { bootTestApp, createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { TicketingModule } from '../src';
import { TicketingTimelineActions1795564800000 } from '../src/migrations/1795564800000-ticketing-timeline-actions';

// Timelines written before the one vocabulary (a database migrated earlier): the migration renames
// their entries, and its `down` gives back each old name.
describe('the migration to one timeline vocabulary', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  const ticketId = newId();

  // [old action, to_state, data] as the service wrote them, and the new action
  const entries: Array<[string, string | null, Record<string, unknown>, string]> = [
    ['reported', 'reported', { source: 'grid_patrol' }, 'reported'],
    ['open', 'opened', {}, 'opened'],
    ['proposed', null, { round: 1 }, 'proposed'],
    ['dispatch', 'dispatched', { round: 1 }, 'dispatched'],
    ['acknowledge', 'acknowledged', { assignmentId: 'a1' }, 'acknowledged'],
    ['acknowledged', null, { assignmentId: 'a2' }, 'acknowledged'],
    ['department_handled', null, { assignmentId: 'a1', result: 'part' }, 'handled'],
    ['department_handled', 'handled', { assignmentId: 'a2', result: 'all' }, 'handled'],
    ['reopen', 'reopened', { passed: false }, 'reopened'],
    ['dispatched', null, { notApplied: 'moved on' }, 'dispatched'],
    ['escalated', 'dispatched', { level: 1 }, 'escalated'],
    ['escalated', null, { level: 2 }, 'escalated'],
    ['handed_back', null, { assignmentId: 'a3' }, 'handed_back'],
    ['hand_back', 'opened', { assignmentId: 'a4' }, 'handed_back'],
    ['handled_in_grid', 'handled', { result: 'in the grid' }, 'handled'],
    ['check', 'checked', { passed: true }, 'checked'],
    ['close', 'closed', {}, 'closed'],
    ['rate', 'rated', { stars: 4 }, 'rated'],
    ['duplicate_merged', null, { ticketId: 'other' }, 'merged'],
    ['merge', 'merged', { intoTicketId: 'other' }, 'merged'],
    ['reject', 'rejected', { reason: 'not real' }, 'rejected'],
    ['claimed', null, { claimId: 'c1' }, 'claimed'],
    ['claim_released', null, { claimId: 'c1' }, 'claim_released'],
  ];

  const actions = async (): Promise<string[]> =>
    (await ds.query(`SELECT action FROM "ticketing".ticket_event WHERE ticket_id = $1 ORDER BY seq`, [ticketId])).map(
      (r: { action: string }) => r.action,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false });
    app = await bootTestApp({
      imports: [PlatformModule.forRoot({ app: 'ticketing', env }), TicketingModule.forRoot({ env })],
    });
    ds = app.get(DatabaseRegistry).get('ticketing');
    const at = new Date('2026-05-12T07:00:00Z');
    await ds.query(
      `INSERT INTO "ticketing".ticket (id, street_code, grid_path, category_code, category_name, category_kind, severity,
         grid_closable, ack_minutes, handle_minutes, source, description, reporter_id, reporter_kind, state, reported_at, updated_at)
       VALUES ($1, 's01', 'd01.s01.c01.g01', 'C0302', '旱厕', 'component', 'normal', false, 1440, 4320, 'grid_patrol',
         '旱厕墙体开裂', 'grid-worker', 'user', 'rejected', $2, $2)`,
      [ticketId, at],
    );
    for (const [i, [action, to, data]] of entries.entries())
      await ds.query(
        `INSERT INTO "ticketing".ticket_event (id, ticket_id, seq, action, to_state, at, actor_id, actor_kind, data)
         VALUES ($1, $2, $3, $4, $5, $6, 'grid-worker', 'user', $7)`,
        [newId(), ticketId, i + 1, action, to, at, JSON.stringify(data)],
      );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('names every entry by the past tense of its event, and back', async () => {
    const migration = new TicketingTimelineActions1795564800000();
    const runner = ds.createQueryRunner();
    try {
      await migration.up(runner);
      const renamed = await actions();
      expect(renamed).toEqual(entries.map((e) => e[3]));
      expect(renamed.every((a) => (TIMELINE_ACTIONS as readonly string[]).includes(a))).toBe(true);
      await migration.down(runner);
      expect(await actions()).toEqual(entries.map((e) => e[0]));
      await migration.up(runner);
      expect(await actions()).toEqual(entries.map((e) => e[3]));
    } finally {
      await runner.release();
    }
  });
});
