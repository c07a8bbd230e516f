import 'server-only';
/**
 * The write dependencies of this Next server process: the cluster connection's kubeconfig (the
 * credentials stay here) and its read-only flag (`--read-only` → SWITCHBOARD_READ_ONLY=1).
 */
import { getClusterConnection } from '../connection';
import { createKubeClient, type KubeSend } from './client';

export interface WriteDeps {
  send: KubeSend;
  readOnly: boolean;
}

export const READ_ONLY_MESSAGE =
  'Switchboard runs in read-only mode (--read-only): it makes no changes to the cluster.';

let send: KubeSend | undefined;

export function getWriteDeps(): WriteDeps {
  const { kubeConfig, info } = getClusterConnection();
  send ??= createKubeClient(kubeConfig);
  return { send, readOnly: info.readOnly };
}
