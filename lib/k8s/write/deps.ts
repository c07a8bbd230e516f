import 'server-only';
/**
 * The write dependencies of this Next server process for one viewer: a client that acts as the
 * viewer (lib/k8s/write/viewer-credentials.ts), the dashboard's own client for the cluster facts,
 * and the read-only flag (`--read-only` → SWITCHBOARD_READ_ONLY=1). The kubeconfig's credentials
 * stay here.
 *
 * Contract: `send` is the viewer — every write, and every read a write makes on the person's
 * behalf (existence and conflict checks, the current object, the access review) goes through it,
 * so the cluster's RBAC decides for that person. `facts` is the dashboard itself, used only for
 * the addresses the cluster owns (lib/k8s/write/facts.ts): that guard needs every pod, Service
 * and node address, which a person with rights in one namespace may not list; its answers only
 * ever refuse an address, and in sign-in modes they do not name the objects.
 */
import type { Viewer } from '@/lib/auth/viewer';
import type { ClusterFacts } from '@/lib/topology/validation';
import { getClusterConnection } from '../connection';
import { getDashboardHub } from '../server';
import { factsFromHub } from './hub-facts';
import { createKubeClient, type KubeSend } from './client';
import { kubeSendFor } from './viewer-credentials';
import { recordingWrites, type WriteLog } from './write-log';

export interface WriteDeps {
  /** Acts as the viewer. */
  send: KubeSend;
  readOnly: boolean;
  /** The "cluster" is a recorded snapshot (`switchboard view`): there is nothing to write to. */
  snapshot?: boolean;
  /** The dashboard's own client for the cluster facts; `send` when absent (no sign-in). */
  facts?: KubeSend;
  /** Whether answers built from the facts may name the objects that own an address. */
  nameFacts?: boolean;
  /**
   * The facts from the hub's cache, or undefined when it cannot answer (then they are LISTed):
   * lib/k8s/write/hub-facts.ts. `send` is the client for what the hub does not watch.
   */
  cachedFacts?: (send: KubeSend, options: { names: boolean }) => Promise<ClusterFacts | undefined>;
}

const READ_ONLY_MESSAGE =
  'Switchboard runs in read-only mode (--read-only): it makes no changes to the cluster.';

const SNAPSHOT_MESSAGE =
  'This is a recorded snapshot opened with switchboard view: read-only, there is no cluster to change.';

/** Why a write is refused when `deps.readOnly`: the operator's --read-only, or a snapshot. */
export function readOnlyMessage(deps: Pick<WriteDeps, 'snapshot'>): string {
  return deps.snapshot ? SNAPSHOT_MESSAGE : READ_ONLY_MESSAGE;
}

/** The dashboard's own client per cluster connection (a replaced cluster gets a new one). */
const dashboards = new WeakMap<object, KubeSend>();

/**
 * Acting as `viewer` in cluster `clusterId` (default: the default cluster); with `log`, every
 * write sent is recorded there for the audit line.
 */
export function getWriteDeps(viewer: Viewer, log?: WriteLog, clusterId?: string): WriteDeps {
  const connection = getClusterConnection(clusterId);
  const { kubeConfig, info } = connection;
  let dashboard = dashboards.get(connection);
  if (!dashboard) {
    dashboard = createKubeClient(kubeConfig);
    dashboards.set(connection, dashboard);
  }
  const send = viewer.mode === 'none' ? dashboard : kubeSendFor(kubeConfig, viewer);
  return {
    send: log ? recordingWrites(send, log) : send,
    readOnly: info.readOnly,
    ...(info.snapshot ? { snapshot: true } : {}),
    cachedFacts: (facts, options) => factsFromHub(getDashboardHub(clusterId), facts, options),
    ...(viewer.mode === 'none' ? {} : { facts: dashboard, nameFacts: false }),
  };
}
