/**
 * The `route` label of `switchboard_http_requests_total`: the request path with each dynamic
 * segment put back as its `[name]`, so `/api/services/shop/web/diagnosis` counts under
 * `/api/services/[namespace]/[name]/diagnosis` and the label's values stay as few as the routes.
 *
 * Contract: pure. Segments are matched against the decoded parameter values in path order, each
 * parameter used once; a path whose parameters could not be read is counted as `(invalid path)`.
 */
export function routeLabel(
  pathname: string,
  params: Record<string, string | string[] | undefined> | undefined,
): string {
  if (!params) return '(invalid path)';
  const left = Object.entries(params).flatMap(([key, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => ({ key, v })),
  );
  return pathname
    .split('/')
    .map((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return segment;
      }
      const i = left.findIndex((p) => p.v === decoded);
      if (i < 0 || segment === '') return segment;
      const [{ key }] = left.splice(i, 1) as [{ key: string; v: string }];
      return `[${key}]`;
    })
    .join('/');
}
