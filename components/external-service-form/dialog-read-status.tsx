/**
 * What the Edit endpoints and Delete Service dialogs show before their body can be: the read of
 * the Service's current objects is still out, or it failed.
 *
 * Contract: a failed read is an alert, "<failed>: <error>", so it is announced at once; a read
 * still out is a status, "<reading>…". `error` is the server's words, empty or null while the
 * read is out; the caller renders this only while it has no answer or an error.
 */
export interface DialogReadStatusProps {
  /** Why the read failed, in the server's words; null (or empty) while it is still out. */
  error: string | null;
  /** What could not be done, such as "Could not read shop/web"; the error follows a colon. */
  failed: string;
  /** What is being read, such as "Loading the endpoints of shop/web"; an ellipsis follows. */
  reading: string;
}

export function DialogReadStatus({ error, failed, reading }: DialogReadStatusProps) {
  return error ? (
    <p role="alert">
      {failed}: {error}
    </p>
  ) : (
    <p role="status">{reading}…</p>
  );
}
