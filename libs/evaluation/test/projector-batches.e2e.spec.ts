import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventEnvelope } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, eventually, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { addMeasures, projectBatch } from '../src/domain/batch';
import { ProjectionState, type LogEntry } from '../src/domain/projection';
import { ProjectorJob } from '../src';
import { bootEvaluation, publish, ticketEvents, workEvents } from './factories';

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

/**
 * The projector applies the log in small batches, projecting the next while it writes this one
 * (state carried over from a batch not committed yet): the facts it stores must be those of one
 * pass over the whole log in one go.
 */
describe('the projector, batch after batch, gives the facts of the whole log projected at once', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const ds = (): DataSource => app.get(DatabaseRegistry).get('evaluation');

  beforeAll(async () => {
    db = await createTestDatabase();
    // the timer off: the test drives the projector, 7 entries a batch
    app = await bootEvaluation(
      testEnv({
        databaseUrl: db.url,
        busRoot: testBusRoot(),
        nats: false,
        extra: { PROJECTION_POLL_MS: '0', PROJECTION_BATCH: '7', PROJECTION_WAIT_MS: '0' },
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('stores the same facts, durations and state', async () => {
    // lives of tickets and assignments interleaved, so each spans batches
    const lives: Array<Array<EventEnvelope<unknown>>> = [];
    for (let i = 0; i < 30; i++) {
      lives.push(
        ticketEvents({
          gridPath: `d01.s0${(i % 2) + 1}.c0${(i % 3) + 1}.g01`,
          source: i % 2 ? 'grid_patrol' : 'resident',
          kind: i % 3 ? 'event' : 'component',
          reporter: `w${i % 4}`,
          reportedAt: at(1 + (i % 9), 1),
          openedAt: at(1 + (i % 9), 2 + (i % 5)),
          closedAt: i % 4 ? at(3 + (i % 9), 10 + (i % 7)) : undefined,
        }),
      );
      lives.push(
        workEvents({
          department: `d01.dep-${i % 3}`,
          gridPath: `d01.s0${(i % 2) + 1}.c01.g01`,
          dispatchedAt: at(2 + (i % 5), 1),
          ackDueAt: at(2 + (i % 5), 3),
          handleDueAt: at(4 + (i % 5), 1),
          acknowledgedAt: at(2 + (i % 5), 2 + (i % 3)),
          handledAt: i % 5 ? at(3 + (i % 5), i % 24) : undefined,
        }),
      );
    }
    // four lives at a time, round robin: a life's next event is a few entries on, in the next batch or two
    const events: Array<EventEnvelope<unknown>> = [];
    const active: Array<Array<EventEnvelope<unknown>>> = [];
    let waiting = 0;
    while (waiting < lives.length || active.length > 0) {
      while (active.length < 4 && waiting < lives.length) active.push([...lives[waiting++]]);
      for (const life of [...active]) {
        events.push(life.shift() as EventEnvelope<unknown>);
        if (life.length === 0) active.splice(active.indexOf(life), 1);
      }
    }
    await publish(app, events);
    await eventually(
      async () =>
        Number((await ds().query(`SELECT count(*) AS n FROM "evaluation".event_log`))[0].n) === events.length
          ? true
          : undefined,
      20_000,
      'every event in the log',
    );
    const [{ seq }] = await ds().query(`SELECT max(seq)::text AS seq FROM "evaluation".event_log`);
    expect(await app.get(ProjectorJob).caughtUp(seq, 60_000)).toBe(true);

    const entries: LogEntry[] = await ds().query(
      `SELECT seq::text AS seq, envelope FROM "evaluation".event_log ORDER BY event_log.seq`,
    );
    const state = new ProjectionState();
    const once = projectBatch(entries, state);
    const expectedFacts = new Map<string, Record<string, number>>();
    for (const f of once.facts.values()) {
      const m = addMeasures({}, f.measures);
      if (Object.keys(m).length > 0)
        expectedFacts.set(`${f.unitKind}|${f.unit}|${f.grain}|${f.day}|${f.street}|${f.late}`, m);
    }
    const facts: Array<{ key: string; measures: Record<string, number> }> = await ds().query(
      `SELECT concat_ws('|', unit_kind, unit, grain, to_char(day, 'YYYY-MM-DD'), street, late::text) AS key, measures
         FROM "evaluation".fact WHERE generation = 1 AND measures <> '{}'::jsonb`,
    );
    expect(new Map(facts.map((f) => [f.key, f.measures]))).toEqual(expectedFacts);

    const expectedDurations = new Map(
      [...once.durations.values()].map((d) => [
        `${d.unitKind}|${d.unit}|${d.grain}|${d.day}|${d.street}|${d.late}|${d.measure}|${d.minutes}`,
        d.count,
      ]),
    );
    const durations: Array<{ key: string; count: string }> = await ds().query(
      `SELECT concat_ws('|', unit_kind, unit, grain, to_char(day, 'YYYY-MM-DD'), street, late::text, measure, minutes) AS key,
              count::text AS count
         FROM "evaluation".duration WHERE generation = 1`,
    );
    expect(new Map(durations.map((d) => [d.key, Number(d.count)]))).toEqual(expectedDurations);

    const tickets: Array<{ state: { id: string } }> = await ds().query(
      `SELECT state FROM "evaluation".ticket_state WHERE generation = 1`,
    );
    expect(new Map(tickets.map((t) => [t.state.id, t.state]))).toEqual(state.tickets);
    const assignments: Array<{ state: { id: string } }> = await ds().query(
      `SELECT state FROM "evaluation".assignment_state WHERE generation = 1`,
    );
    expect(new Map(assignments.map((a) => [a.state.id, a.state]))).toEqual(state.assignments);
  });
});
