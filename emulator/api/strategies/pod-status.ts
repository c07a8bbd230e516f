/**
 * The pods/status subresource's IP rules: how the v1 → internal conversion reconciles the
 * singular and plural fields (Convert_v1_PodStatus_To_core_PodStatus: `podIP` / `hostIP` are
 * authoritative and fill `podIPs` / `hostIPs`, and the singular is printed from the plural's first
 * entry), then validatePodIPs / validateHostIPs of ValidatePodStatusUpdate
 * (pkg/apis/core/validation/validation.go), with upstream's messages:
 * - every address must parse (IsValidIPForLegacyField, non-strict as 1.33 ships; an address the
 *   stored pod already had is kept even if invalid, as upstream ratchets);
 * - at most one address per IP family;
 * - `hostIPs[0]` must equal `hostIP`.
 * Non-canonical IPv6 (e.g. `2001:db8:0:0::1`) parses, so it is accepted, as 1.33 accepts it with
 * StrictIPCIDRValidation off; the kubelet writes canonical addresses.
 */
import { goQuote, invalid } from '../../core/field-errors';
import { parseIPSloppy } from '../../core/ip';
import { validateObjectMetaUpdate } from '../../core/object-meta-validation';
import type { FieldCause, KubeObject } from '../../core/types';
import { validateIP } from '../validation/ip';

interface PodIP {
  ip?: string;
}
interface PodStatusIPs {
  podIP?: string;
  podIPs?: PodIP[];
  hostIP?: string;
  hostIPs?: PodIP[];
  [key: string]: unknown;
}

const ONE_PER_FAMILY = 'may specify no more than one IP for each IP family';

/** Go's `%#v` of a []core.PodIP / []core.HostIP. */
function goIPList(kind: 'PodIP' | 'HostIP', list: PodIP[]): { go: string } {
  const items = list.map((p) => `core.${kind}{IP:${goQuote(p.ip ?? '')}}`);
  return { go: `[]core.${kind}{${items.join(', ')}}` };
}

/**
 * The conversion's reconciliation of one singular/plural pair. The internal pod status keeps
 * only `podIPs`, so `podIP` is printed back from its first entry; it keeps both host fields.
 */
function reconcile(status: PodStatusIPs, single: 'podIP' | 'hostIP', plural: 'podIPs' | 'hostIPs') {
  const one = status[single] ?? '';
  const many = status[plural] ?? [];
  if (one && (many.length === 0 || many[0]?.ip !== one)) status[plural] = [{ ip: one }];
  const first = status[plural]?.[0]?.ip;
  if (single === 'podIP' && first) status.podIP = first;
}

/** v1 → internal → v1: what a written pod status holds in its IP fields. */
export function normalizePodStatusIPs(status: PodStatusIPs | undefined): void {
  if (!status) return;
  reconcile(status, 'podIP', 'podIPs');
  reconcile(status, 'hostIP', 'hostIPs');
}

function validateIPList(
  kind: 'PodIP' | 'HostIP',
  path: string,
  list: PodIP[],
  existing: PodIP[],
): FieldCause[] {
  const held = new Set(existing.map((p) => p.ip ?? ''));
  const causes: FieldCause[] = [];
  list.forEach((p, i) => {
    const ip = p.ip ?? '';
    if (!held.has(ip)) causes.push(...validateIP(`${path}[${i}]`, ip));
  });
  if (list.length > 1) {
    const families = list.map((p) => parseIPSloppy(p.ip ?? '')?.family);
    const dualStack = list.length === 2 && families.every(Boolean) && families[0] !== families[1];
    if (!dualStack) causes.push(invalid(path, goIPList(kind, list), ONE_PER_FAMILY));
  }
  return causes;
}

/** validatePodIPs and validateHostIPs (status-update rules on the pod's addresses). */
export function validatePodStatusIPs(
  status: PodStatusIPs | undefined,
  old: PodStatusIPs | undefined,
): FieldCause[] {
  const causes = validateIPList('PodIP', 'status.podIPs', status?.podIPs ?? [], old?.podIPs ?? []);
  const hostIPs = status?.hostIPs ?? [];
  if (hostIPs.length > 0) {
    const first = hostIPs[0]?.ip ?? '';
    if ((status?.hostIP ?? '') !== first)
      causes.push(invalid('status.hostIPs[0].ip', first, 'must be equal to `hostIP`'));
    causes.push(...validateIPList('HostIP', 'status.hostIPs', hostIPs, old?.hostIPs ?? []));
  }
  return causes;
}

/** The pods/status write: metadata update rules and the address rules above. */
export function podStatusUpdate(pod: KubeObject, old: KubeObject): FieldCause[] {
  const status = pod.status as PodStatusIPs | undefined;
  normalizePodStatusIPs(status);
  const causes = validateObjectMetaUpdate(pod, old);
  causes.push(...validatePodStatusIPs(status, old.status as PodStatusIPs | undefined));
  return causes;
}
