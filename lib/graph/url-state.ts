/**
 * The map's state in the URL (deep links): `?ns=a,b&focus=<namespace>/<name>&q=...&problems=1&all=1`,
 * and the history being looked at: `at=<instant>` (the map as it was then) or `from=…&to=…`
 * (what changed between two instants; both are needed, in either order, and are kept sorted).
 * Pure; the same parser runs in the server page (first paint) and the client (the History API,
 * and Back and Forward). `isNavigation` says which changes are steps the user can go Back over.
 * Instants are normalised (lib/history-view/instant.ts); a malformed one is ignored. The history
 * keys are absent from the parsed object when the URL has none, so live links stay as they were.
 */
import { normalizeInstant } from '../history-view/instant';

export interface MapParams {
  namespaces: string[];
  /** `<namespace>/<name>` of the focused Service. */
  focus: string | null;
  query: string;
  problemsOnly: boolean;
  /** Draw everything without aggregation. */
  drawAll: boolean;
  /** The instant the whole map shows; absent: live. */
  at?: string;
  /** Diff mode: the two instants compared (`from` before `to`). */
  from?: string;
  to?: string;
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
  const history: Pick<MapParams, 'at' | 'from' | 'to'> = {};
  const at = normalizeInstant(get(params, 'at'));
  if (at) history.at = at;
  const from = normalizeInstant(get(params, 'from'));
  const to = normalizeInstant(get(params, 'to'));
  if (from && to) {
    const [a, b] = Date.parse(from) <= Date.parse(to) ? [from, to] : [to, from];
    history.from = a;
    history.to = b;
  }
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
    ...history,
  };
}

export function serializeMapParams(state: MapParams): string {
  const out = new URLSearchParams();
  if (state.namespaces.length) out.set('ns', state.namespaces.join(','));
  if (state.focus) out.set('focus', state.focus);
  if (state.query) out.set('q', state.query);
  if (state.problemsOnly) out.set('problems', '1');
  if (state.drawAll) out.set('all', '1');
  if (state.at) out.set('at', state.at);
  if (state.from && state.to) {
    out.set('from', state.from);
    out.set('to', state.to);
  }
  const text = out.toString();
  return text ? `?${text}` : '';
}

/** Live, one past instant, or the changes between two. */
const historyMode = (p: MapParams) => (p.from && p.to ? 'diff' : p.at ? 'at' : 'live');

/**
 * Whether going from `before` to `after` is a step of its own in the browser's history: a
 * Service opened, changed or closed, or time travel entered, switched between an instant and a
 * comparison, or left. Typing a search, picking namespaces or moving the time slider replace
 * the current entry instead: each keystroke or slider step as a Back stop would bury the views
 * a person actually went through.
 */
export function isNavigation(before: MapParams, after: MapParams): boolean {
  return before.focus !== after.focus || historyMode(before) !== historyMode(after);
}

/** Whether the filters that decide what is drawn differ (the view then re-fits). */
export function sameFilters(a: MapParams, b: MapParams): boolean {
  return (
    a.namespaces.join(',') === b.namespaces.join(',') &&
    a.query === b.query &&
    a.problemsOnly === b.problemsOnly &&
    a.drawAll === b.drawAll
  );
}
