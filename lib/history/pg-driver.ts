import 'server-only';
/**
 * The PostgreSQL driver (`pg`), for deployments where several replicas share one database.
 *
 * Contract: a small pool (4 connections) on `--database-url`; a connection that breaks while
 * idle (the database restarted or went away) is logged once per outage and replaced on the next
 * query instead of crashing the process — the history writer retries, the live map never
 * depends on it. Connecting and each statement are bounded (5 s / 30 s) so a database that stops
 * answering shows as an error, not a hang.
 */
import pg from 'pg';
import type { Queryable, SqlDriver } from './driver';

export function openPostgres(url: string, log: (message: string) => void = () => {}): SqlDriver {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5000,
    query_timeout: 30_000,
    idleTimeoutMillis: 10_000,
  });
  let broken = false;
  pool.on('error', (error) => {
    if (!broken) log(`history database connection lost: ${error.message}`);
    broken = true;
  });
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params: unknown[]) => {
    const result = await client.query(sql, params);
    broken = false;
    return result.rows as Row[];
  };
  return {
    name: 'postgres',
    query: (sql, params = []) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      const tx: Queryable = { query: (sql, params = []) => run(client, sql, params) };
      let failed: unknown;
      try {
        await client.query('BEGIN');
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (error) {
        failed = error;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A connection that failed mid-transaction may be broken: destroy it, never reuse it.
        client.release(failed instanceof Error ? failed : undefined);
      }
    },
    close: () => pool.end(),
  };
}
