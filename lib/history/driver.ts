/**
 * The one small interface the history store runs on, whichever database is behind it: embedded
 * PGlite (pglite-driver.ts) or PostgreSQL through `pg` (pg-driver.ts).
 *
 * Contract: `query` runs one parameterised statement ($1…) and returns its rows;
 * `transaction` runs `fn` on one connection between BEGIN and COMMIT (ROLLBACK when it throws);
 * `close` releases everything (and, for PGlite, the directory lock). Both drivers speak the same
 * SQL: the schema (migrations.ts) uses nothing PGlite lacks.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlDriver extends Queryable {
  /** `pglite` or `postgres`: for messages and metrics, never for SQL dialect choices. */
  readonly name: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
