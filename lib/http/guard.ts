import 'server-only';
/**
 * CSRF guard and body reading for the API routes: a route handler has no protection of its own,
 * and a cross-site form can POST `text/plain` without a preflight.
 *
 * Contract: any request whose `Host` is not a name this dashboard answers to is refused (403; DNS
 * rebinding — lib/http/allowed-hosts.ts; the proxy applies the same check to pages). A write
 * (POST/PUT/DELETE) is refused (403) unless it carries an `Origin` equal to
 * this server's own origin (scheme + the Host header; X-Forwarded-* is not trusted), and when
 * `Sec-Fetch-Site` is present and not `same-origin`; its body must be JSON (415 otherwise),
 * which a cross-site form cannot send without a preflight. A read (GET) is refused only for a
 * cross-site `Sec-Fetch-Site`. Refusals are problems (lib/api/problem.ts), never thrown.
 * Bodies are read up to `MAX_BODY_BYTES` and no further.
 */
import { problem, type Problem } from '../api/problem';
import { foreignHostProblem } from './host-guard';

export function foreignRequestProblem(request: Request): Problem | undefined {
  const foreignHost = foreignHostProblem(request);
  if (foreignHost) return foreignHost;
  const fetchSite = request.headers.get('sec-fetch-site');
  const write = request.method !== 'GET' && request.method !== 'HEAD';
  if (fetchSite && fetchSite !== 'same-origin' && (write || fetchSite === 'cross-site')) {
    return problem('foreign-request', `Refused: a ${fetchSite} request may not use this endpoint.`);
  }
  if (!write) return undefined;
  const origin = request.headers.get('origin');
  if (!origin) return problem('foreign-request', 'Refused: a write must carry an Origin header.');
  const host = request.headers.get('host');
  const scheme = new URL(request.url).protocol;
  if (!host || origin !== `${scheme}//${host}`) {
    return problem('foreign-request', `Refused: origin ${origin} is not this dashboard.`);
  }
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return problem('unsupported-media-type', 'Refused: the body must be application/json.');
  }
  return undefined;
}

/** Request bodies of the write routes are small; anything larger is not a form submission. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The body as JSON, or the problem with it (too large, not JSON). */
export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; problem: Problem }> {
  const tooLarge = problem(
    'body-too-large',
    `Refused: the request body is larger than ${MAX_BODY_BYTES} bytes.`,
  );
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    return { ok: false, problem: tooLarge };
  }
  const text = await readBounded(request, MAX_BODY_BYTES);
  if (text === undefined) return { ok: false, problem: tooLarge };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: problem('bad-request', 'The request body is not valid JSON.') };
  }
}

/** The body as text, or undefined once it exceeds `max` bytes (reading stops there). */
async function readBounded(request: Request, max: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
