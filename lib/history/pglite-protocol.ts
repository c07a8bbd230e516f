/**
 * The messages between the embedded driver (pglite-driver.ts, the process's main thread) and
 * the database thread (pglite-worker.mjs), and how an error is rebuilt on this side.
 *
 * Contract: every request has an `id` (> 0) its reply repeats; the thread's first message has
 * id 0 and says whether the database opened. An error crosses as its message plus the fields
 * PostgreSQL reports (SQLSTATE `code`, `detail`, `constraint`…; the thread serialises them),
 * and is rebuilt as an `Error` carrying them, so callers see the same error whichever thread
 * ran the query.
 */

export type PgliteRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

export interface SerializedError {
  message: string;
  name?: string;
  fields: Record<string, string>;
}

export type PgliteReply =
  | { id: number; ok: true; rows?: unknown[]; tx?: number }
  | { id: number; ok: false; error: SerializedError };

export function deserializeError(serialized: SerializedError): Error {
  const error = Object.assign(new Error(serialized.message), serialized.fields);
  if (serialized.name && serialized.name !== 'Error') error.name = serialized.name;
  return error;
}
