/**
 * Why the stream failed, when the browser's EventSource gives up on it: EventSource never says
 * the status of the answer that made it fail, so the same URL is asked once more with `fetch`
 * (the same credentials: the session cookie) to learn it.
 *
 * Contract: `isRefusal(status)` is the one decision of "retrying will not help": 401 (nobody is
 * signed in any more — the session ended, or the cluster no longer accepts the person's token)
 * and 403 (the cluster does not sign this person in, or refuses them). Anything else — a 5xx, a
 * network error, a dashboard that is answering again (200) — is worth retrying.
 * `learnRefusal(url)` resolves with the refusal (its status and the problem's `detail`,
 * lib/api/problem.ts), or null when the stream is worth retrying; a stream it opened is closed at
 * once (its body is never read). Isomorphic: runs in the map's Web Worker.
 */

export interface StreamRefusal {
  status: 401 | 403;
  /** The server's words (the problem's `detail`), or '' when it gave none. */
  detail: string;
}

export function isRefusal(status: number): status is StreamRefusal['status'] {
  return status === 401 || status === 403;
}

export async function learnRefusal(
  url: string,
  fetchFn: typeof fetch = fetch,
): Promise<StreamRefusal | null> {
  const abort = new AbortController();
  try {
    const response = await fetchFn(url, {
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!isRefusal(response.status)) return null;
    return { status: response.status, detail: await problemDetail(response) };
  } catch {
    return null; // the network, not the person: worth retrying
  } finally {
    abort.abort();
  }
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    return typeof body.detail === 'string' ? body.detail : '';
  } catch {
    return '';
  }
}
