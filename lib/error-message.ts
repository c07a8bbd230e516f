/**
 * The words of a caught value: `catch (error)` binds `unknown`, and what reaches a person (a
 * log line, a problem body, a status line) must be the message, never `[object Object]`.
 *
 * Contract: an Error's `message`; anything else as `String(value)`. Isomorphic, no imports.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
