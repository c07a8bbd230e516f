'use client';
/**
 * The cross-cluster search page's results: `GET /api/search?q=` grouped by cluster
 * (lib/cluster-views/search.ts), each match linking into its cluster's map with the Service in
 * focus and saying what matched (the IP as an endpoint, a label, the name), plus each cluster
 * that could not be asked and why.
 *
 * Contract: re-asked every 10 s while open (an IP can start or stop being an endpoint); an empty
 * query asks nothing and says what may be searched.
 */
import Link from 'next/link';
import type { SearchAnswer } from '@/lib/api/clusters';
import { groupMatches, searchSummary } from '@/lib/cluster-views/search';
import { HEALTH_TEXT } from '@/lib/graph/describe';
import { ClusterText } from '@/components/ui/cluster-text';
import { usePolled } from './use-polled';

const POLL_MS = 10_000;

export function SearchResults({ query }: { query: string }) {
  const q = query.trim();
  const { data, error } = usePolled<SearchAnswer>(
    q ? `/api/search?q=${encodeURIComponent(q)}` : null,
    POLL_MS,
  );
  if (!q)
    return <p>Search every cluster by a Service name, a label k=v or an IP (of an endpoint).</p>;
  const groups = data ? groupMatches(data) : [];
  return (
    <section aria-label="Search results" data-testid="search-results">
      <p role="status" aria-live="polite" className="mb-2 text-sm">
        {error
          ? `The dashboard did not answer: ${error}`
          : data
            ? searchSummary(data, groups)
            : 'Searching…'}
      </p>
      {groups.map((group) => (
        <section
          key={group.cluster}
          aria-labelledby={`results-${group.cluster}`}
          data-testid="search-group"
          data-cluster={group.cluster}
          className="mb-4"
        >
          <h2 id={`results-${group.cluster}`} className="font-semibold">
            Cluster <ClusterText text={group.cluster} />
          </h2>
          {group.error ? (
            <p className="text-sm text-bad">
              Could not search this cluster: <ClusterText text={group.error} />
            </p>
          ) : null}
          <ul className="text-sm">
            {group.matches.map((m) => (
              <li key={`${m.namespace}/${m.name}`} data-testid="search-match">
                <Link href={m.href} className="font-mono underline">
                  {m.namespace}/{m.name}
                </Link>{' '}
                <span className="text-muted">
                  ({m.type}, {HEALTH_TEXT[m.health]})
                </span>{' '}
                <ClusterText text={m.why} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {data?.truncated ? (
        <p className="text-sm">More matches were left out: narrow the search.</p>
      ) : null}
    </section>
  );
}
