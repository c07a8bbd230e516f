/**
 * The overview's words for one cluster (components/clusters/cluster-overview.tsx): its
 * connection state as text and glyph (never colour alone), its Services by health in a sentence,
 * and where each of its worst problems links to.
 *
 * Contract: pure. The server orders the clusters by trouble (`GET /api/clusters`); the page keeps
 * the order of its first answer, so a card never moves while someone reads it (clusters added
 * later go last: `currentClusterList`, which the header's chooser uses too). `stateBadge` gives a
 * word for every `ClusterState`, with `lastError` and since when (the map's clock format,
 * answer-words.ts) in the detail when known. `servicesWords` never presents what could not be
 * read as a fact: last-known counts say so, an unread cluster counts nothing, a viewer who may
 * see nothing is told that. `stateChanges` is what the page announces between two answers.
 */
import type { ClusterProblem, ClusterState, ClusterSummary } from '../api/clusters';
import { focusPath } from '../api/paths';
import { HEALTH_TEXT } from '../graph/describe';
import { sinceText } from './answer-words';

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
  const parts = [sinceText(cluster.staleSince), cluster.lastError ?? ''].filter(Boolean);
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

/**
 * The card's Services line and what it says when it lists no problem (null: say nothing about
 * problems, for nothing is known).
 */
export function servicesWords(
  cluster: Pick<ClusterSummary, 'answer' | 'nothingVisible' | 'services' | 'staleSince' | 'state'>,
): { services: string; noProblems: string | null } {
  switch (cluster.answer) {
    case 'none':
      return {
        services:
          cluster.state === 'signed-out'
            ? 'Nothing of this cluster is shown to you: it does not accept your sign-in.'
            : 'Its Services are not known: the cluster cannot be read.',
        noProblems: null,
      };
    case 'unread':
      return { services: 'Not read yet: its Services are not known.', noProblems: null };
    case 'stale': {
      const since = sinceText(cluster.staleSince);
      return {
        services: `Last known, before it became unreachable${since ? ` ${since}` : ''}: ${healthText(cluster.services)}`,
        noProblems: 'No problems when last read.',
      };
    }
    case 'current':
      if (cluster.nothingVisible)
        return {
          services: 'Nothing in this cluster is visible to you, so no Service can be checked.',
          noProblems: null,
        };
      return { services: healthText(cluster.services), noProblems: 'No problems.' };
  }
}

/** "sim-seed: Unreachable" for each cluster whose state changed between two answers. */
export function stateChanges(
  before: readonly Pick<ClusterSummary, 'id' | 'name' | 'state'>[] | null,
  now: readonly Pick<ClusterSummary, 'id' | 'name' | 'state'>[],
): string[] {
  if (!before) return [];
  const was = new Map(before.map((c) => [c.id, c.state]));
  return now
    .filter((c) => was.has(c.id) && was.get(c.id) !== c.state)
    .map((c) => `${c.name}: ${BADGES[c.state].text}`);
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
