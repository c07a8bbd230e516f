/**
 * The map's state in the URL (deep links): `?ns=a,b&focus=<namespace>/<name>&q=...&problems=1&all=1`.
 * Pure; the same parser runs in the server page (first paint) and the client (replaceState).
 */
export interface MapParams {
  namespaces: string[];
  /** `<namespace>/<name>` of the focused Service. */
  focus: string | null;
  query: string;
  problemsOnly: boolean;
  /** Draw everything without aggregation. */
  drawAll: boolean;
}

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function get(params: RawParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

export function parseMapParams(params: RawParams): MapParams {
  const ns = get(params, 'ns');
  const focus = get(params, 'focus');
  return {
    namespaces: ns
      ? [
          ...new Set(
            ns
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ].sort()
      : [],
    focus: focus && /^[^/]+\/[^/]+$/.test(focus) ? focus : null,
    query: (get(params, 'q') ?? '').slice(0, 200),
    problemsOnly: get(params, 'problems') === '1',
    drawAll: get(params, 'all') === '1',
  };
}

export function serializeMapParams(state: MapParams): string {
  const out = new URLSearchParams();
  if (state.namespaces.length) out.set('ns', state.namespaces.join(','));
  if (state.focus) out.set('focus', state.focus);
  if (state.query) out.set('q', state.query);
  if (state.problemsOnly) out.set('problems', '1');
  if (state.drawAll) out.set('all', '1');
  const text = out.toString();
  return text ? `?${text}` : '';
}
