/**
 * What the page says about a signed-in person's view: how much of the cluster they see, that
 * they may see nothing (so an empty map is never mistaken for an empty cluster), and that access
 * could not be checked when a review failed; and what the problems list says when it lists
 * none, which is never health the person cannot see.
 *
 * Contract: one sentence for the header and, when useful, a second with the detail; nothing for
 * the dashboard acting as itself. Isomorphic; no runtime imports.
 */
import type { ClusterAnswer } from '../api/clusters';
import type { AccessSummary } from '../stream/protocol';
import type { RecordKind } from '../topology/records';

export interface AccessWords {
  headline: string;
  detail?: string;
  tone: 'info' | 'warn';
}

/**
 * Kinds whose absence changes what the map can show, in the words the page uses. EndpointSlices
 * and Endpoints hold what routes: without them the diagnosis says a Service's routing is not
 * judged (lib/topology/diagnosis/not-judged.ts).
 */
const NAMED: [RecordKind, string][] = [
  ['Pod', 'pods'],
  ['EndpointSlice', 'EndpointSlices'],
  ['Endpoints', 'Endpoints'],
  ['Node', 'nodes'],
  ['Deployment', 'workloads'],
];

export function accessWords(access: AccessSummary | undefined): AccessWords | undefined {
  if (!access) return undefined;
  const unchecked = access.unchecked ? ` ${access.unchecked}` : '';
  if (access.nothing && access.unchecked) {
    // Reviews that failed deny what they asked about: the person's rights are not known, and
    // "ask for a RoleBinding" would send them after the wrong cause (often the cluster is down).
    return {
      tone: 'warn',
      headline: 'Nothing is shown: what you may see could not be checked.',
      detail: access.unchecked.trim(),
    };
  }
  if (access.nothing) {
    return {
      tone: 'warn',
      headline: 'Your account may not list anything this map shows, in any namespace.',
      detail: `The cluster is not empty as far as Switchboard knows: ask its administrators for a RoleBinding (for example to the "view" ClusterRole) in the namespaces you work in.${unchecked}`,
    };
  }
  const { visible, total } = access.namespaces;
  const headline =
    visible >= total
      ? `All ${total} namespace${total === 1 ? '' : 's'} visible to you`
      : `${visible} of ${total} namespaces visible to you`;
  const hidden = NAMED.filter(([kind]) => access.visibility[kind] === undefined).map(([, w]) => w);
  const detail =
    (hidden.length > 0
      ? `You may not list ${joinWords(hidden)}: they show as "not visible to you".`
      : '') + unchecked;
  return {
    tone: access.unchecked ? 'warn' : 'info',
    headline,
    ...(detail ? { detail: detail.trim() } : {}),
  };
}

/**
 * The problems rail's and menu's words when they list no problem (`healthy`: the ✓ is earned).
 * A cluster whose answer is not current (lib/clusters/answer.ts: never read, or unreachable
 * since) is not "every Service routes" either; someone who may see nothing is told that;
 * someone who sees part of the cluster is told the claim is about what they see.
 */
export function noProblemsWords(
  access: AccessSummary | undefined,
  answer: ClusterAnswer,
): {
  text: string;
  healthy: boolean;
} {
  if (answer === 'stale')
    return { text: 'No problems when last read; the cluster does not answer now.', healthy: false };
  if (answer !== 'current')
    return { text: 'Not known: the cluster has not been read.', healthy: false };
  if (access?.nothing)
    return { text: 'Nothing is visible to you, so no Service can be checked.', healthy: false };
  const partial =
    access &&
    (access.visibility.Service !== true ||
      access.namespaces.visible < access.namespaces.total ||
      access.unchecked);
  if (partial) return { text: 'Every Service visible to you routes.', healthy: true };
  return { text: 'Every Service routes.', healthy: true };
}

/**
 * What the problems rail and menu say above the Services they list when the cluster's answer is
 * stale (unreachable since `since`, a clock time): the list is the last read, not the cluster
 * now — the graph hides its health marks then, and the overview heads its counts "Last known".
 * Null for any other answer.
 */
export function lastKnownProblemsWords(answer: ClusterAnswer, since?: string): string | null {
  if (answer !== 'stale') return null;
  return `Last known, before the cluster stopped answering${since ? ` at ${since}` : ''}: these may have changed since.`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
