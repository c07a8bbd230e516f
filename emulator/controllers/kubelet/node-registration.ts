/**
 * The status a kubelet posts when it registers its Node: a Node written without conditions gets
 * MemoryPressure/DiskPressure/PIDPressure False and Ready True, capacity and allocatable (4 CPUs,
 * 16 GiB, 110 pods unless given), a Hostname address and nodeInfo for the served version. A Node
 * that already has conditions is left as it is.
 */
import type { KubeObject } from '../../core/types';
import { isNotFound, rfc3339 } from '../util';
import type { KubeletContext } from './context';

export function registerNode(ctx: KubeletContext, name: string): void {
  const node = ctx.cache.get('nodes', '', name);
  if (!node) return;
  const status = (node.status ?? {}) as Record<string, unknown>;
  if (((status.conditions as unknown[] | undefined) ?? []).length > 0) return;
  const now = rfc3339(new Date());
  const cond = (type: string, s: string, reason: string, message: string) => ({
    type,
    status: s,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const version = `v1.${ctx.minorVersion}.0`;
  const capacity = {
    cpu: '4',
    memory: '16365080Ki',
    pods: '110',
    ...((status.capacity as object) ?? {}),
  };
  const next = structuredClone(node) as KubeObject;
  next.status = {
    ...status,
    capacity,
    allocatable: { ...capacity, ...((status.allocatable as object) ?? {}) },
    conditions: [
      cond(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond(
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
      ),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: (status.addresses as unknown[] | undefined) ?? [{ type: 'Hostname', address: name }],
    nodeInfo: (status.nodeInfo as object | undefined) ?? {
      kubeletVersion: version,
      kubeProxyVersion: version,
      containerRuntimeVersion: 'containerd://1.7.24',
      operatingSystem: 'linux',
      architecture: 'amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.1.0-emulated',
      machineID: '',
      systemUUID: '',
      bootID: '',
    },
  };
  try {
    ctx.store.updateStatus('nodes', next, { fieldManager: 'kubelet' });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
