/**
 * The overview's words for one cluster (components/clusters/cluster-overview.tsx): its
 * connection state as text and glyph (never colour alone), its Services by health in a sentence,
 * and where each of its worst problems links to.
 *
 * Contract: pure. The server orders the clusters by trouble (`GET /api/clusters`); the page keeps
 * that order. The header's chooser keeps its own, stable order (`currentClusterList`). `stateBadge` gives a word for every `ClusterState`, with `lastError` and
 * `staleSince` in the detail when known.
 */
import type { ClusterProblem, ClusterState, ClusterSummary } from '../api/clusters';
import { focusPath } from '../api/paths';
import { HEALTH_TEXT } from '../graph/describe';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

export interface StateBadge {
  /** The state in one word or two: what a screen reader says and what is printed. */
  text: string;
  /** Shape of the state (aria-hidden beside the text). */
  glyph: string;
  tone: Tone;
  /** Why, when the cluster is not live: its last error, since when. */
  detail?: string;
}

const BADGES: Record<ClusterState, Omit<StateBadge, 'detail'>> = {
  live: { text: 'Live', glyph: '●', tone: 'ok' },
  syncing: { text: 'Syncing', glyph: '◐', tone: 'warn' },
  unreachable: { text: 'Unreachable', glyph: '✕', tone: 'bad' },
  unconfigured: { text: 'Not configured', glyph: '⊘', tone: 'bad' },
  'signed-out': { text: 'Not signed in', glyph: '⊖', tone: 'bad' },
  snapshot: { text: 'Snapshot', glyph: '◼', tone: 'muted' },
};

export function stateBadge(cluster: Pick<ClusterSummary, 'state' | 'lastError' | 'staleSince'>) {
  const badge: StateBadge = { ...BADGES[cluster.state] };
  if (cluster.state === 'live' || cluster.state === 'snapshot') return badge;
  const parts = [
    cluster.staleSince ? `since ${cluster.staleSince}` : '',
    cluster.lastError ?? '',
  ].filter(Boolean);
  if (parts.length) badge.detail = parts.join(': ');
  return badge;
}

/** "12 Services: 9 healthy, 2 degraded, 1 broken" (what the viewer may see; the map's words). */
export function healthText(services: ClusterSummary['services']): string {
  const total = `${services.total} Service${services.total === 1 ? '' : 's'}`;
  if (services.total === 0) return `${total}`;
  const states = (['healthy', 'warning', 'broken'] as const).map(
    (state) => `${services[state]} ${HEALTH_TEXT[state]}`,
  );
  return `${total}: ${states.join(', ')}`;
}

/** Where a problem's link goes: that cluster's map with the Service in focus. */
export function problemHref(cluster: string, problem: Pick<ClusterProblem, 'namespace' | 'name'>) {
  return focusPath(cluster, problem.namespace, problem.name);
}

/**
 * The header chooser's list: the clusters known at page load in their order, without those no
 * longer watched, then those added since in the order `now` gives them. Stable across polls (an
 * option never moves while someone reads the list); `now` null (not polled yet): `atLoad`.
 */
export function currentClusterList<C extends { id: string }>(
  atLoad: readonly C[],
  now: readonly C[] | null,
): C[] {
  if (!now) return [...atLoad];
  const present = new Map(now.map((c) => [c.id, c]));
  const kept = atLoad.flatMap((c) => {
    const fresh = present.get(c.id);
    return fresh ? [fresh] : [];
  });
  const known = new Set(atLoad.map((c) => c.id));
  return [...kept, ...now.filter((c) => !known.has(c.id))];
}
