import { createTestDatabase, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { openServiceDatabase, Params, readPage, withinAnyOf, withinScopes } from '../src';

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
      columns: 'x.*',
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

  describe('the scope filter by org path', () => {
    beforeAll(async () => {
      await ds.query(`CREATE TABLE pagetest.place (path text NOT NULL)`);
      await ds.query(
        `INSERT INTO pagetest.place VALUES ('d01'), ('d01.s01'), ('d01.s01.c01'), ('d01.s01.c01.g01'), ('d01.s010.c01'), ('d01.s02.c01'), ('d01.s02.c01.g01')`,
      );
    });

    const within = async (scopes: string[]) => {
      const p = new Params();
      const where = withinScopes('x.path', scopes, p);
      const rows: Array<{ path: string }> = await ds.query(`SELECT path FROM pagetest.place x WHERE ${where} ORDER BY path`, p.values);
      const [{ same }] = await ds.query(
        `SELECT array_agg(path ORDER BY path) = $2::text[] AS same FROM pagetest.place x WHERE ${withinAnyOf('x.path', '$1')}`,
        [scopes, rows.map((r) => r.path)],
      );
      return { paths: rows.map((r) => r.path), sameAsArrayForm: same === true };
    };

    it('keeps a path and what lies below it, never a sibling sharing its prefix', async () => {
      expect(await within(['d01.s01'])).toEqual({ paths: ['d01.s01', 'd01.s01.c01', 'd01.s01.c01.g01'], sameAsArrayForm: true });
      expect(await within(['d01.s01.c01.g01', 'd01.s02.c01'])).toEqual({
        paths: ['d01.s01.c01.g01', 'd01.s02.c01', 'd01.s02.c01.g01'],
        sameAsArrayForm: true,
      });
    });

    it('keeps nothing without scopes, and binds each scope as a parameter after those bound before', async () => {
      expect((await within([])).paths).toEqual([]);
      const p = new Params(['first']);
      expect(withinScopes('x.path', ['d01.s01'], p)).toBe(`(x.path = $2 OR starts_with(x.path, $2 || '.'))`);
      expect(p.values).toEqual(['first', 'd01.s01']);
    });
  });
});
