import { Client } from 'pg';

/** Fails fast, with a clear message, when the test servers are not running. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${url} (set TEST_DATABASE_URL): ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
