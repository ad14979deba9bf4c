import pg from 'pg';

/**
 * A fresh PostgreSQL database for one benchmark, dropped afterwards. The server is the one in
 * BENCH_POSTGRES_URL (any database on it; default the local one on 127.0.0.1:5432). Returns
 * null, with the reason, when no server answers, so a benchmark can record why it has no figure.
 */
export async function withBenchDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<{ result: T } | { skipped: string }> {
  const admin = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (err) {
    return { skipped: `no PostgreSQL at ${admin.host} (${(err as Error).message})` };
  }
  const quoted = `"${name.replace(/"/g, '')}"`;
  try {
    await client.query(`drop database if exists ${quoted} with (force)`);
    await client.query(`create database ${quoted}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return { result: await fn(url.toString()) };
  } finally {
    await client.query(`drop database if exists ${quoted} with (force)`).catch(() => undefined);
    await client.end();
  }
}

/** Size of a database in MB. */
export async function databaseMb(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
    return Math.round(Number(r.rows[0]?.bytes ?? 0) / 1024 / 1024);
  } finally {
    await client.end();
  }
}
