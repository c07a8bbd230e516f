import 'server-only';
/**
 * CSRF guard for the write routes (targets.md F5): a route handler has no protection of its own,
 * and a cross-site form can POST `text/plain` without a preflight.
 *
 * Contract: a write (POST/PUT/DELETE) is refused with 403 unless it carries an `Origin` equal to
 * this server's own origin (scheme + the Host header; X-Forwarded-* is not trusted), and with
 * 403 when `Sec-Fetch-Site` is present and not `same-origin`; its body must be JSON (415
 * otherwise), which a cross-site form cannot send without a preflight. A read (GET) is refused
 * only for a cross-site `Sec-Fetch-Site`. Returns the refusal, or undefined to proceed.
 */
export function refuseForeignRequest(request: Request): Response | undefined {
  const fetchSite = request.headers.get('sec-fetch-site');
  const write = request.method !== 'GET' && request.method !== 'HEAD';
  if (fetchSite && fetchSite !== 'same-origin' && (write || fetchSite === 'cross-site')) {
    return refuse(403, `Refused: a ${fetchSite} request may not use this endpoint.`);
  }
  if (!write) return undefined;
  const origin = request.headers.get('origin');
  if (!origin) return refuse(403, 'Refused: a write must carry an Origin header.');
  const host = request.headers.get('host');
  const scheme = new URL(request.url).protocol;
  if (!host || origin !== `${scheme}//${host}`) {
    return refuse(403, `Refused: origin ${origin} is not this dashboard.`);
  }
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return refuse(415, 'Refused: the body must be application/json.');
  }
  return undefined;
}

function refuse(status: number, message: string): Response {
  return Response.json(
    { status: 'refused', message },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Request bodies of the write routes are small; anything larger is not a form submission. */
export const MAX_BODY_BYTES = 256 * 1024;

export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    return { ok: false, response: refuse(413, 'Refused: the request is too large.') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: refuse(400, 'The request body is not valid JSON.') };
  }
}
