import { createTestDatabase, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { openServiceDatabase, readPage } from '../src';

describe('readPage: a page and its total in one statement', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openServiceDatabase(db.url, { schema: 'pagetest', entities: [], migrations: [] }, 2);
    await ds.query(`CREATE TABLE pagetest.item (n int PRIMARY KEY, colour text NOT NULL)`);
    await ds.query(
      `INSERT INTO pagetest.item SELECT n, CASE WHEN n % 2 = 0 THEN 'red' ELSE 'blue' END FROM generate_series(1, 25) n`,
    );
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const page = (colour: string, n: number) =>
    readPage<{ n: number; colour: string }>(ds, {
      alias: 'x',
      from: `FROM pagetest.item x WHERE x.colour = $1`,
      orderBy: 'x.n',
      params: [colour],
      page: n,
      pageSize: 5,
    });

  it('answers the rows of the page, in order, with the total of every page', async () => {
    const first = await page('blue', 1);
    expect(first).toEqual({ rows: [1, 3, 5, 7, 9].map((n) => ({ n, colour: 'blue' })), total: 13 });
    const last = await page('blue', 3);
    expect(last.rows.map((r) => r.n)).toEqual([21, 23, 25]);
    expect(last.total).toBe(13);
  });

  it('still knows the total past the last page, and answers 0 when nothing matches', async () => {
    expect(await page('blue', 4)).toEqual({ rows: [], total: 13 });
    expect(await page('green', 1)).toEqual({ rows: [], total: 0 });
    expect(await page('green', 2)).toEqual({ rows: [], total: 0 });
  });
});
