import type { DatabaseConnection } from 'kysely';

/**
 * A database connection that can take rows through `COPY … FROM STDIN`: PostgreSQL's. PGlite's
 * connection is not one (its COPY goes through a virtual file, and measured slower than the JSON path).
 */
export interface CopyConnection extends DatabaseConnection {
  /**
   * Runs `statement`, a `COPY … FROM STDIN`, on this connection (so inside its open transaction),
   * sending `data` in order as the copy's input. Resolves with the number of rows copied once the
   * server has them all; rejects, with the COPY abandoned, if the server refuses any of them.
   */
  copyFrom(statement: string, data: Iterable<string> | AsyncIterable<string>): Promise<number>;
}

export function isCopyConnection(connection: DatabaseConnection): connection is CopyConnection {
  return 'copyFrom' in connection && typeof connection.copyFrom === 'function';
}
