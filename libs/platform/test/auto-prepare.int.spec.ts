import { createTestDatabase, type TestDatabase } from '@gz/testing';
import { Client, Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { autoPrepare, openServiceDatabase, prepared } from '../src';

const SCHEMA = 'preparetest';

/** The prepared statements of the session `q` runs on whose text contains `marker`. */
const statements = async (q: Pick<EntityManager, 'query'> | Pool, marker: string): Promise<string[]> => {
  const sql = `SELECT statement FROM pg_prepared_statements WHERE strpos(statement, $1) > 0 AND strpos(statement, 'pg_prepared_statements') = 0`;
  const result: unknown = await (q as Pick<EntityManager, 'query'>).query(sql, [marker]);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ statement: string }>;
  return rows.map((r) => r.statement);
};

describe('statements marked prepared() are prepared once per connection', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`CREATE TABLE thing (id int PRIMARY KEY, name text)`);
    await c.query(`INSERT INTO thing VALUES (1, 'one'), (2, 'two')`);
    await c.end();
  });

  afterAll(() => db.drop());

  it('prepares a marked text at its first use and leaves the others alone; a schema change that broke its plan makes it run unprepared', async () => {
    const pool = new Pool({ connectionString: db.url, max: 1 }); // every query on one session
    autoPrepare(pool as unknown as Parameters<typeof autoPrepare>[0], { perConnection: 10 });
    try {
      const search = `SELECT name /* unmarked */ FROM thing WHERE name LIKE $1`;
      for (const pattern of ['o%', 't%', 'o%']) await pool.query(search, [pattern]);
      expect(await statements(pool, 'unmarked')).toEqual([]);

      const sql = prepared(`SELECT * /* star */ FROM thing WHERE id = $1`);
      expect((await pool.query(sql, [1])).rows).toEqual([{ id: 1, name: 'one' }]);
      expect(await statements(pool, 'star')).toEqual([sql]);
      expect((await pool.query(sql, [2])).rows).toEqual([{ id: 2, name: 'two' }]);

      const other = new Client({ connectionString: db.url });
      await other.connect();
      await other.query(`ALTER TABLE thing ADD COLUMN note text`);
      await other.end();
      await expect(pool.query(sql, [1])).rejects.toMatchObject({ code: '0A000' });
      expect((await pool.query(sql, [1])).rows).toEqual([{ id: 1, name: 'one', note: null }]);
      expect((await pool.query(sql, [2])).rows).toEqual([{ id: 2, name: 'two', note: null }]);
    } finally {
      await pool.end();
    }
  });

  it("prepares a service's marked statements, in and out of transactions, unless turned off", async () => {
    const open = (prepare: boolean) =>
      openServiceDatabase(db.url, { schema: SCHEMA, entities: [], migrations: [] }, 2, { prepare });
    const run = async (ds: DataSource, marker: string) => {
      const sql = prepared(`SELECT name /* ${marker} */ FROM public.thing WHERE id = $1`);
      expect(await ds.query(sql, [1])).toEqual([{ name: 'one' }]);
      // in one transaction: one session, so the statement list below is the one it ran on
      return ds.transaction(async (m) => {
        expect(await m.query(sql, [2])).toEqual([{ name: 'two' }]);
        return statements(m, marker);
      });
    };
    const preparing = await open(true);
    const plain = await open(false);
    try {
      expect(await run(preparing, 'on')).toEqual([prepared(`SELECT name /* on */ FROM public.thing WHERE id = $1`)]);
      expect(await run(plain, 'off')).toEqual([]);
    } finally {
      await preparing.destroy();
      await plain.destroy();
    }
  });
});
