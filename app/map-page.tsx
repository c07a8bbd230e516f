/**
 * The map of one cluster as a server component, shared by `/` (one cluster, or the default
 * cluster at today's paths) and `/c/<cluster>`: reads the first snapshot from that cluster's
 * server cache and the deep-link parameters, and hands plain data to the client island. With
 * sign-in, a visitor nobody signed in is sent to /sign-in first (lib/auth/page-viewer.ts). Never
 * a blank page: a configuration or connection problem arrives as `sync.lastError` and is shown
 * in words; a cluster that does not sign the person in (403) gets no map and no stream, only
 * why (components/clusters/cluster-refused.tsx).
 */
import { scopeOf } from '@/lib/access/server';
import { pagePath } from '@/lib/api/paths';
import { isClusterSignInError } from '@/lib/auth/cluster-viewer';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { errorMessage } from '@/lib/error-message';
import { getInitialSnapshot } from '@/lib/k8s/server';
import type { PageSnapshot } from '@/lib/stream/protocol';
import { parseMapParams } from '@/lib/graph/url-state';
import { ClusterRefused } from '@/components/clusters/cluster-refused';
import { ServiceMap } from '@/components/map/service-map';

export async function MapPage({
  search,
  cluster,
  clusters,
}: {
  search: Record<string, string | string[] | undefined>;
  /** The cluster's id; null: the default cluster at today's paths. */
  cluster: string | null;
  /** Every cluster's id, when there are several (the header's chooser). */
  clusters: string[];
}) {
  // Nobody signed in: to the sign-in page, and back here afterwards.
  const viewer = await signedInViewer(pagePath(cluster, '/'), search);
  const params = parseMapParams(search);
  let initial: PageSnapshot;
  try {
    // What this person may see in this cluster (lib/access/): the whole cluster for the
    // dashboard itself; a cluster that does not sign them in says so as the error.
    const scope = await scopeOf(viewer, cluster ?? undefined);
    initial = await getInitialSnapshot(5000, scope, cluster ?? undefined);
  } catch (error) {
    if (cluster !== null && isClusterSignInError(error) && error.problem.status === 403) {
      return <ClusterRefused cluster={cluster} clusters={clusters} detail={errorMessage(error)} />;
    }
    initial = {
      cluster: { name: cluster ?? '(unknown)', simulated: false, readOnly: true },
      sync: {
        kinds: {},
        connection: 'reconnecting',
        lastError: errorMessage(error),
      },
      records: [],
    };
  }
  const binding = {
    ref: cluster,
    name: cluster ?? initial.cluster.name,
    ...(clusters.length > 1 ? { clusters: clusters.map((id) => ({ id, name: id })) } : {}),
  };
  return <ServiceMap initial={initial} params={params} cluster={binding} />;
}
