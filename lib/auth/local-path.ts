/**
 * Where a sign-in may send a person afterwards: only a path on this site. The `next` of
 * `/sign-in?next=…` and `/api/auth/oidc/login?next=…` is chosen by whoever wrote the link, so
 * anything else would make the dashboard an open redirect.
 *
 * Contract: `localPath(next)` answers `next` (path, query and fragment) when it is a path on this
 * site, else `/`. `//host` and `/\host` are not paths (browsers read them as another host), nor
 * is anything with a backslash or a control character. Isomorphic; no imports.
 */
export function localPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) {
    return '/';
  }
  const base = 'http://local.invalid';
  const resolved = new URL(next, base);
  if (resolved.origin !== base) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
