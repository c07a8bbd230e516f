import 'server-only';
/**
 * The multi-cluster read-outs as the viewer may see them: the overview (`GET /api/clusters`),
 * search (`GET /api/search`) and compare (`GET /api/compare`), asked of every cluster's hub at
 * once.
 *
 * Contract: every cluster is asked in parallel and waited for at most `waitMs`, only the first
 * time it is asked about (a cluster that is down costs that wait once, not once per cluster nor
 * per poll); each answer is of what the viewer's scope
 * for that cluster shows (lib/access/, one review per cluster). A cluster that cannot be asked
 * — unusable entry, no scope, a cluster that does not sign the person in
 * (lib/auth/cluster-viewer.ts: its summary says `signed-out`) — is reported on its own (its
 * summary's state and error, or an entry in `errors`/`error`) and never fails the others. What
 * a cluster holds is presented as its answer only when that answer is `current`
 * (lib/clusters/answer.ts): a cluster still in its first read, or whose watches reconnect, is
 * listed among those search and compare could not ask (with since when), never searched or
 * compared on a partial or last-known cache; the overview labels it (`answer`). A namespace whose
 * Services the viewer may not see is, in compare, `hidden` — not a difference; in search, a
 * cluster searched in some namespaces only is `limited`, so finding nothing is not "nowhere".
 */
import { canSee, seesEveryNamespace, seesKind } from '../access/scope';
import { scopeOf } from '../access/server';
import { isClusterSignInError } from '../auth/cluster-viewer';
import type {
  ClusterError,
  ClusterSummary,
  ClustersAnswer,
  CompareAnswer,
  ComparedService,
  SearchAnswer,
  SearchMatch,
} from '../api/clusters';
import type { Viewer } from '../auth/viewer';
import { diagnosedTopology } from '../diagnostics/server';
import { errorMessage } from '../error-message';
import { clusterRegistry } from '../k8s/clusters';
import type { Hub } from '../k8s/hub';
import type { TopologyWithDiagnoses } from '../topology';
import { clusterAnswer, unanswered } from './answer';
import { comparedService, differingFields } from './compare';
import { searchTopology } from './search';
import { byTrouble, summarizeCluster, unconfiguredCluster } from './summary';

/** How long a read-out waits for clusters still syncing. */
const WAIT_MS = 2000;
/** Search answers at most this many matches (all clusters together). */
export const MAX_SEARCH_MATCHES = 500;

/** Hubs a read-out has already waited for (see `viewAll`). */
const waited = new WeakSet<Hub>();

interface ClusterView {
  id: string;
  hub: Hub;
  model: TopologyWithDiagnoses;
  synced: boolean;
  scope: Awaited<ReturnType<typeof scopeOf>>;
}

/** Why a cluster cannot be asked for `viewer` now (see `unanswered`), or null when it can. */
function notAnswering(v: ClusterView): ClusterError | null {
  const sync = v.hub.syncFor(v.scope);
  const answer = clusterAnswer(sync, v.synced);
  return answer === 'current' ? null : unanswered(v.id, answer, sync);
}

/** A cluster that could not be read for the viewer at all (`viewAll`'s error), as an error. */
const unread = (v: { id: string; error: string }): ClusterError => ({
  cluster: v.id,
  error: v.error,
  answer: 'none',
});

/** Every cluster's map as `viewer` sees it, or why it cannot be had, in the registry's order. */
async function viewAll(
  viewer: Viewer,
  waitMs: number,
): Promise<({ id: string; error: string; signedOut?: true } | ClusterView)[]> {
  const registry = clusterRegistry();
  return Promise.all(
    registry.ids().map(async (id) => {
      try {
        const hub = registry.hub(id);
        // A cluster is waited for once; after that its state is answered as it is, so a cluster
        // that never came up does not slow every poll of the overview.
        const synced = await hub.waitForSync(waited.has(hub) ? 0 : waitMs);
        waited.add(hub);
        const scope = await scopeOf(viewer, id);
        return { id, hub, synced, scope, model: await diagnosedTopology(hub, scope) };
      } catch (error) {
        return {
          id,
          error: errorMessage(error),
          ...(isClusterSignInError(error) && error.problem.status === 403
            ? { signedOut: true as const }
            : {}),
        };
      }
    }),
  );
}

export async function clusterSummaries(viewer: Viewer, waitMs = WAIT_MS): Promise<ClustersAnswer> {
  const defaultCluster = clusterRegistry().defaultId();
  const views = await viewAll(viewer, waitMs);
  const clusters: ClusterSummary[] = views.map((v) =>
    'error' in v
      ? unconfiguredCluster(
          v.id,
          v.id === defaultCluster,
          v.error,
          v.signedOut ? 'signed-out' : 'unconfigured',
        )
      : summarizeCluster({
          id: v.id,
          isDefault: v.id === defaultCluster,
          info: v.hub.infoFor(v.scope),
          sync: v.hub.syncFor(v.scope),
          synced: v.synced,
          diagnoses: v.model.diagnoses,
        }),
  );
  return { clusters: clusters.sort(byTrouble), defaultCluster };
}

export async function searchClusters(
  viewer: Viewer,
  query: string,
  waitMs = WAIT_MS,
): Promise<SearchAnswer> {
  const views = await viewAll(viewer, waitMs);
  const errors: ClusterError[] = [];
  const limited: string[] = [];
  let matches: SearchMatch[] = [];
  for (const v of views) {
    const error = 'error' in v ? unread(v) : notAnswering(v);
    if (error) errors.push(error);
    else if ('error' in v) continue;
    else if (!seesKind(v.scope, 'Service'))
      errors.push({ cluster: v.id, error: 'You may not see Services in this cluster.' });
    else {
      matches.push(...searchTopology(v.id, v.model.topology, query));
      if (!seesEveryNamespace(v.scope, 'Service')) limited.push(v.id);
    }
  }
  const truncated = matches.length > MAX_SEARCH_MATCHES;
  if (truncated) matches = matches.slice(0, MAX_SEARCH_MATCHES);
  return { query, matches, truncated, errors, ...(limited.length ? { limited } : {}) };
}

export async function compareService(
  viewer: Viewer,
  namespace: string,
  name: string,
  waitMs = WAIT_MS,
): Promise<CompareAnswer> {
  const views = await viewAll(viewer, waitMs);
  const clusters: ComparedService[] = views.map((v) => {
    const error = 'error' in v ? unread(v) : notAnswering(v);
    if (error) return { ...error, found: false };
    if ('error' in v) return { cluster: v.id, found: false };
    if (!canSee(v.scope, 'Service', namespace))
      return { cluster: v.id, found: false, hidden: true };
    const same = (s: { namespace: string; name: string }) =>
      s.namespace === namespace && s.name === name;
    return comparedService(
      v.id,
      v.model.topology.services.find(same),
      v.model.diagnoses.find(same),
    );
  });
  return { namespace, name, clusters, differs: differingFields(clusters) };
}
