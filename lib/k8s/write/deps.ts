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
import { getClusterConnection } from '../connection';
import { createKubeClient, type KubeSend } from './client';
import { kubeSendFor } from './viewer-credentials';
import { recordingWrites, type WriteLog } from './write-log';

export interface WriteDeps {
  /** Acts as the viewer. */
  send: KubeSend;
  readOnly: boolean;
  /** The dashboard's own client for the cluster facts; `send` when absent (no sign-in). */
  facts?: KubeSend;
  /** Whether answers built from the facts may name the objects that own an address. */
  nameFacts?: boolean;
}

export const READ_ONLY_MESSAGE =
  'Switchboard runs in read-only mode (--read-only): it makes no changes to the cluster.';

let dashboard: KubeSend | undefined;

/** Acting as `viewer`; with `log`, every write sent is recorded there for the audit line. */
export function getWriteDeps(viewer: Viewer, log?: WriteLog): WriteDeps {
  const { kubeConfig, info } = getClusterConnection();
  dashboard ??= createKubeClient(kubeConfig);
  const send = viewer.mode === 'none' ? dashboard : kubeSendFor(kubeConfig, viewer);
  return {
    send: log ? recordingWrites(send, log) : send,
    readOnly: info.readOnly,
    ...(viewer.mode === 'none' ? {} : { facts: dashboard, nameFacts: false }),
  };
}
