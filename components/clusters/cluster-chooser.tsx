'use client';
/**
 * The header's cluster chooser: a labelled select of every cluster and an "Open" button, which
 * goes to the same page of the chosen cluster where that means the same (the map with its
 * filters, the Add form; lib/api/paths.ts `switchClusterPath`). Choosing does not navigate by
 * itself, so moving through the options with the arrow keys never leaves the page.
 *
 * On a page of one cluster (its map, its forms) it also links to "All clusters", the overview at
 * `/`: otherwise the way back there is the browser's Back or an edited URL.
 *
 * Contract: renders nothing for a one-cluster dashboard. A full page load: the map's stores and
 * stream belong to one cluster. The list follows clusters added to and removed from the
 * kubeconfig while the page is open: from the page's own poll of `/api/clusters` where there is
 * one (the overview, components/clusters/cluster-list-feed.tsx), else by asking
 * `/api/clusters?view=ids` every `CHOOSER_POLL_MS` (a page loaded with several clusters only);
 * options keep their order (lib/cluster-views/overview.ts `currentClusterList`). A choice that
 * disappears falls back to the page's own cluster.
 */
import { useId, useState } from 'react';
import Link from 'next/link';
import { CLUSTER_IDS_PATH, type ClusterIdsAnswer } from '@/lib/api/clusters';
import { switchClusterPath } from '@/lib/api/paths';
import { currentClusterList } from '@/lib/cluster-views/overview';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { useCluster } from './cluster-context';
import { useClusterListFeed } from './cluster-list-feed';
import { usePolled } from './use-polled';

/** As often as the overview asks `/api/clusters`. */
export const CHOOSER_POLL_MS = 5000;

export function ClusterChooser() {
  const { ref, clusters: atLoad } = useCluster();
  const feed = useClusterListFeed();
  const several = (atLoad?.length ?? 0) > 1;
  const polled = usePolled<ClusterIdsAnswer>(
    feed || !several ? null : CLUSTER_IDS_PATH,
    CHOOSER_POLL_MS,
  );
  const now = feed
    ? feed.clusters
    : (polled.data?.ids.map((cluster) => ({ id: cluster, name: cluster })) ?? null);
  const clusters = currentClusterList(atLoad ?? [], now);
  const id = useId();
  const [picked, setChosen] = useState(ref ?? '');
  // A cluster chosen but since removed is no choice: back to the page's own.
  const chosen = clusters.some((c) => c.id === picked) ? picked : (ref ?? '');
  if (clusters.length < 2) return null;
  return (
    <form
      className="flex items-center gap-1 text-sm"
      aria-label="Choose a cluster"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        const { pathname, search } = window.location;
        window.location.assign(switchClusterPath(pathname, search, chosen));
      }}
    >
      <label htmlFor={id}>Cluster</label>
      <Select id={id} size="md" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {ref === null ? <option value="">All clusters</option> : null}
        {ref !== null && !clusters.some((c) => c.id === ref) ? (
          <option value={ref}>{ref} (no longer watched)</option>
        ) : null}
        {clusters.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
      <Button type="submit" disabled={!chosen || chosen === ref}>
        Open
      </Button>
      {ref !== null && (
        <Link href="/" className="ml-1 underline">
          All clusters
        </Link>
      )}
    </form>
  );
}
