'use client';
/**
 * The overview, the landing page of a dashboard with several clusters: one card per cluster —
 * its name, connection state (text and glyph, never colour alone, with the reason when it is not
 * live), its Services by health (labelled last-known, or not known, when they are: `answer`),
 * and its worst problems, each linking to that cluster's map with the Service in focus — in the
 * order of the first answer (most trouble first: `GET /api/clusters`), kept while the page is
 * open so a card never moves under the reader.
 *
 * Contract: polls `GET /api/clusters` every 5 s. Polling, not a stream: the answer is a few
 * hundred bytes per cluster, the server keeps no per-tab state for it, and a cluster that goes
 * down shows on its badge within one poll of the hub noticing, and is announced in the status
 * region; a failed poll keeps the last cards and says the dashboard did not answer. Each answer
 * also feeds the header chooser's list (components/clusters/cluster-list-feed.tsx).
 */
import { useEffect, useState } from 'react';
import Link from 'next/link';
import clsx from 'clsx';
import type { ClustersAnswer, ClusterSummary } from '@/lib/api/clusters';
import { pagePath } from '@/lib/api/paths';
import { HEALTH_TEXT } from '@/lib/graph/describe';
import {
  currentClusterList,
  problemHref,
  servicesWords,
  stateBadge,
  stateChanges,
  type Tone,
} from '@/lib/cluster-views/overview';
import { Badge } from '@/components/ui/badge';
import { ClusterText } from '@/components/ui/cluster-text';
import { Glyph } from '@/components/ui/glyph';
import { useClusterListFeed } from './cluster-list-feed';
import { usePolled } from './use-polled';

const POLL_MS = 5000;

const TONE: Record<Tone, string> = {
  ok: 'text-ok',
  warn: 'text-warn',
  bad: 'text-bad',
  muted: 'text-muted',
};

function StateBadge({ cluster }: { cluster: ClusterSummary }) {
  const badge = stateBadge(cluster);
  return (
    <p className="text-sm" data-testid="cluster-state" data-state={cluster.state}>
      <Glyph className={TONE[badge.tone]}>{badge.glyph} </Glyph>
      <span className="font-semibold">{badge.text}</span>
      {badge.detail ? (
        <span className="text-muted">
          {' — '}
          <ClusterText text={badge.detail} />
        </span>
      ) : null}
    </p>
  );
}

function ClusterCard({ cluster }: { cluster: ClusterSummary }) {
  const headingId = `cluster-${cluster.id}`;
  const words = servicesWords(cluster);
  return (
    <li
      data-testid="cluster-card"
      data-cluster={cluster.id}
      className={clsx(
        'flex flex-col gap-2 rounded border border-line bg-surface p-3',
        cluster.state !== 'live' && 'border-l-4 border-l-bad',
      )}
    >
      <h2 id={headingId} className="flex flex-wrap items-center gap-2 font-semibold">
        <Link href={pagePath(cluster.id, '/')} className="underline">
          <ClusterText text={cluster.name} />
        </Link>
        {cluster.simulated ? <Badge tone="outline">simulated</Badge> : null}
        {cluster.readOnly ? <Badge tone="outline">read-only</Badge> : null}
        {cluster.isDefault ? <Badge tone="muted">default</Badge> : null}
      </h2>
      <StateBadge cluster={cluster} />
      <p className="text-sm" data-testid="cluster-health" data-answer={cluster.answer}>
        {words.services}
      </p>
      {cluster.problems.length ? (
        <div>
          <h3 className="text-sm font-semibold">Worst problems</h3>
          <ul className="text-sm">
            {cluster.problems.map((p) => (
              <li key={`${p.namespace}/${p.name}`}>
                <Glyph className={p.health === 'broken' ? 'text-bad' : 'text-warn'}>
                  {p.health === 'broken' ? '✕ ' : '! '}
                </Glyph>
                <span className="sr-only">{HEALTH_TEXT[p.health]}: </span>
                <Link href={problemHref(cluster.id, p)} className="font-mono underline">
                  {p.namespace}/{p.name}
                </Link>{' '}
                <ClusterText
                  text={p.summary}
                  max={140}
                  of={`the problem of ${p.namespace}/${p.name} in ${cluster.name}`}
                />
              </li>
            ))}
          </ul>
        </div>
      ) : words.noProblems ? (
        <p className="text-sm text-muted">{words.noProblems}</p>
      ) : null}
    </li>
  );
}

export function ClusterOverview({ initial }: { initial: ClustersAnswer | null }) {
  const { data, error } = usePolled<ClustersAnswer>('/api/clusters', POLL_MS, initial);
  // What the previous answer said, kept across renders (React's "information from previous
  // renders"): the cards' first order, and the state changes to announce.
  const [seen, setSeen] = useState({ data: initial, order: initial?.clusters ?? null, news: '' });
  if (data && data !== seen.data) {
    const changes = stateChanges(seen.data?.clusters ?? null, data.clusters);
    setSeen({
      data,
      order: seen.order ?? data.clusters,
      news: changes.length ? `${changes.join('; ')}.` : seen.news,
    });
  }
  const cards = data ? currentClusterList(seen.order ?? data.clusters, data.clusters) : [];
  // The header's chooser follows the clusters from this same poll (no second poller).
  const publish = useClusterListFeed()?.publish;
  useEffect(() => {
    if (data && publish) publish(data.clusters.map((c) => ({ id: c.id, name: c.name })));
  }, [data, publish]);
  return (
    <section aria-label="Clusters, most trouble first when the page opened">
      <p role="status" aria-live="polite" className="mb-2 text-sm">
        {error ? `The dashboard did not answer: ${error}` : data ? seen.news : 'Loading clusters…'}
      </p>
      {data ? (
        <ol className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="cluster-overview">
          {cards.map((cluster) => (
            <ClusterCard key={cluster.id} cluster={cluster} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
