import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PostgresDialect, PostgresDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CopyConnection } from './copy-connection.ts';

/**
 * Kysely's PostgreSQL dialect, with connections that can also load rows by COPY (see
 * CopyConnection): Kysely's own connection keeps its node-postgres client to itself, and
 * node-postgres has no COPY without pg-copy-streams. Transactions and savepoints are Kysely's.
 */
export class PostgresCopyDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new PostgresCopyDriver(this.#pool);
  }
}

class PostgresCopyDriver extends PostgresDriver {
  readonly #pool: pg.Pool;
  #destroyed = false;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    if (this.#destroyed) {
      client.release();
      throw new Error('driver has already been destroyed');
    }
    return new PostgresCopyConnection(client);
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof PostgresCopyConnection) connection.release();
  }

  override async destroy(): Promise<void> {
    this.#destroyed = true;
    await super.destroy();
  }
}

const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PostgresCopyConnection implements CopyConnection {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#client.query(compiledQuery.sql, [...compiledQuery.parameters]);
    const rows: R[] = result.rows ?? [];
    return COUNTED.has(result.command) ? { rows, numAffectedRows: BigInt(result.rowCount ?? 0) } : { rows };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported');
  }

  async copyFrom(statement: string, data: Iterable<string> | AsyncIterable<string>): Promise<number> {
    const copy = this.#client.query(copyStreams.from(statement));
    // On a refused row the server ends the COPY with an error; on a failed source the stream is
    // destroyed, which sends CopyFail: either way the client is ready for the transaction's rollback.
    await pipeline(Readable.from(data), copy);
    return copy.rowCount;
  }

  release(): void {
    this.#client.release();
  }
}
