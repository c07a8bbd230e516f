/**
 * The cross-cluster search page's list (components/clusters/search-results.tsx): matches grouped
 * by their cluster, each with the link into that cluster's map focused on it and what matched.
 *
 * Contract: pure. Groups keep the server's order of clusters and of matches within one;
 * a cluster the search could not ask becomes a group with why (answer-words.ts: unreachable since
 * when, not read yet, …) and no matches; the summary says how many clusters were not searched,
 * so a match "in 1 cluster" is never read as "in every cluster", and names the clusters where
 * the viewer may see Services in some namespaces only, so "no match" is not read as "none there".
 */
import type { SearchAnswer, SearchMatch } from '../api/clusters';
import { focusPath } from '../api/paths';
import { unansweredText } from './answer-words';

export interface SearchGroup {
  cluster: string;
  matches: (SearchMatch & { href: string; why: string })[];
  error?: string;
}

export function groupMatches(answer: SearchAnswer): SearchGroup[] {
  const groups = new Map<string, SearchGroup>();
  const group = (cluster: string) => {
    let found = groups.get(cluster);
    if (!found) groups.set(cluster, (found = { cluster, matches: [] }));
    return found;
  };
  for (const match of answer.matches) {
    group(match.cluster).matches.push({
      ...match,
      href: focusPath(match.cluster, match.namespace, match.name),
      why: match.matched.map((m) => m.detail).join('; '),
    });
  }
  for (const e of answer.errors) group(e.cluster).error = unansweredText(e);
  return [...groups.values()];
}

/** The page's one-line summary of an answer. */
export function searchSummary(answer: SearchAnswer, groups: readonly SearchGroup[]): string {
  const n = answer.matches.length;
  const inClusters = groups.filter((g) => g.matches.length).length;
  const unasked = answer.errors.length;
  const notSearched = unasked
    ? ` ${unasked} cluster${unasked === 1 ? '' : 's'} could not be searched.`
    : '';
  const limited = answer.limited ?? [];
  const onlyVisible = limited.length
    ? ` In ${limited.join(', ')} only the namespaces where you may see Services were searched.`
    : '';
  if (n === 0)
    return `No Service matches “${answer.query}” in any cluster${unasked ? ' that could be searched' : ''}.${notSearched}${onlyVisible}`;
  return `${n}${answer.truncated ? '+' : ''} match${n === 1 ? '' : 'es'} for “${answer.query}” in ${inClusters} cluster${inClusters === 1 ? '' : 's'}.${notSearched}${onlyVisible}`;
}
