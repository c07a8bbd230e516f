/**
 * Endpoint addresses that validation lets through but that cannot (or should not) work:
 * loopback and link-local addresses (errors: apiserver validation rejects them, so these come from
 * IPv4-mapped forms or non-conforming servers), another Service's ClusterIP (error: kube-proxy does
 * not forward to virtual IPs), a pod IP of another namespace (warning: it routes, but across
 * namespaces — CVE-2021-25740), and a targetRef naming a pod that does not exist (warning: stale or
 * hand-made endpoints).
 *
 * A node IP, a hostNetwork pod's IP (its node's) or an IP several pods share is never "foreign":
 * the pod flag keeps that true for a viewer who may not list Nodes.
 */
import type { EndpointNode } from '../model';
import { ipRange } from '../ip';
import type { PodRecord, ServiceRecord } from '../records';
import { targetsPod } from '../routing';
import { commandList, kubectl } from '../shell-quote';
import { MAX_EVIDENCE, endpointEvidence, listable, podEvidence, type ServiceCheck } from './check';

/** Addresses that validation lets through but that cannot (or should not) work. */
export function checkAddresses(c: ServiceCheck): void {
  const loopback: EndpointNode[] = [];
  const linkLocal: EndpointNode[] = [];
  const clusterIp: [EndpointNode, ServiceRecord][] = [];
  const foreign: [EndpointNode, PodRecord][] = [];
  const missing: EndpointNode[] = [];
  // Fetched when the first endpoint needs them: an index builds some on first use.
  let clusterIps: Map<string, ServiceRecord> | undefined;
  let nodeIps: Set<string> | undefined;
  let podsByIp: Map<string, PodRecord[]> | undefined;
  for (let i = 0; i < c.routing.endpoints.length; i++) {
    const ep = c.routing.endpoints[i]!;
    if (ep.targetRef?.kind === 'Pod' && !targetsPod(ep) && !ep.targetHidden) missing.push(ep);
    // Controller endpoints are this namespace's own pod IPs: none of the checks below can fire.
    if (ep.origin === 'controller' || ep.addressType === 'FQDN') continue;
    const range = ipRange(ep.address);
    if (range === 'loopback') {
      loopback.push(ep);
      continue;
    }
    // Link-local unicast (169.254/16, fe80::/10), the cloud metadata address among them.
    if (range === 'linkLocal') {
      linkLocal.push(ep);
      continue;
    }
    const owner = (clusterIps ??= c.index.clusterIps()).get(ep.address);
    if (owner) {
      clusterIp.push([ep, owner]);
      continue;
    }
    if ((nodeIps ??= c.index.nodeIps()).has(ep.address)) continue;
    const pods = (podsByIp ??= c.index.podsByIp()).get(ep.address);
    // Several pods on one IP are hostNetwork pods on a node: that IP belongs to the node.
    const pod = pods?.length === 1 ? pods[0]! : undefined;
    if (pod && !pod.hostNetwork && pod.meta.namespace !== c.ns) foreign.push([ep, pod]);
  }
  if (loopback.length) {
    c.reasons.push({
      code: 'endpoint-address-loopback',
      severity: 'error',
      summary: `Endpoint ${loopback[0]!.address}${loopback.length > 1 ? ` (and ${loopback.length - 1} more)` : ''} is a loopback address: it points each node at itself, not at a server.`,
      evidence: loopback
        .slice(0, MAX_EVIDENCE)
        .map((ep) => endpointEvidence(ep, 'endpoints[*].addresses', ep.address)),
      commands: commandList(c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices),
    });
  }
  if (linkLocal.length) {
    c.reasons.push({
      code: 'endpoint-address-link-local',
      severity: 'error',
      summary: `Endpoint ${linkLocal[0]!.address}${linkLocal.length > 1 ? ` (and ${linkLocal.length - 1} more)` : ''} is link-local (169.254.0.0/16, fe80::/10), e.g. a cloud metadata address: not routable as a Service backend.`,
      evidence: linkLocal
        .slice(0, MAX_EVIDENCE)
        .map((ep) => endpointEvidence(ep, 'endpoints[*].addresses', ep.address)),
      commands: commandList(c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices),
    });
  }
  if (clusterIp.length) {
    const [ep, owner] = clusterIp[0]!;
    c.reasons.push({
      code: 'endpoint-address-is-cluster-ip',
      severity: 'error',
      summary: `Endpoint ${ep.address} is the ClusterIP of Service ${owner.meta.namespace}/${owner.meta.name}; kube-proxy does not forward to virtual IPs.`,
      detail:
        'Point at the pods (or use an ExternalName Service) instead of another Service’s ClusterIP.',
      evidence: clusterIp.slice(0, MAX_EVIDENCE).flatMap(([e, s]) => [
        endpointEvidence(e, 'endpoints[*].addresses', e.address),
        {
          kind: 'Service',
          namespace: s.meta.namespace,
          name: s.meta.name,
          field: 'spec.clusterIP',
          value: e.address,
        },
      ]),
      commands: commandList(
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices,
        listable(c, 'Service', '', () =>
          kubectl('get', 'services', '--all-namespaces', '-o', 'wide'),
        ),
      ),
    });
  }
  if (foreign.length) {
    const [ep, pod] = foreign[0]!;
    c.reasons.push({
      code: 'endpoint-address-foreign-pod-ip',
      severity: 'warning',
      summary: `Endpoint ${ep.address} is the IP of pod ${pod.meta.namespace}/${pod.meta.name} in another namespace: this Service forwards across namespaces (CVE-2021-25740).`,
      detail:
        'It routes, but it bypasses that namespace’s own Services and policies, and breaks when the pod is replaced.',
      evidence: foreign
        .slice(0, MAX_EVIDENCE)
        .flatMap(([e, p]) => [
          endpointEvidence(e, 'endpoints[*].addresses', e.address),
          podEvidence(p, 'status.podIP', e.address),
        ]),
      commands: commandList(
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices,
        listable(c, 'Pod', '', () =>
          kubectl(
            'get',
            'pods',
            '--all-namespaces',
            '-o',
            'wide',
            '--field-selector',
            `status.podIP=${ep.address}`,
          ),
        ),
      ),
    });
  }
  if (missing.length) {
    const ep = missing[0]!;
    c.reasons.push({
      code: 'endpoint-target-missing',
      severity: 'warning',
      summary: `Endpoint ${ep.address} names pod ${ep.targetRef!.namespace ?? c.ns}/${ep.targetRef!.name}, which does not exist${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}: the endpoints are stale or hand-made.`,
      evidence: missing
        .slice(0, MAX_EVIDENCE)
        .map((e) =>
          endpointEvidence(e, `endpoints[${e.address}].targetRef.name`, e.targetRef!.name),
        ),
      commands: commandList(
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices,
        listable(c, 'Pod', ep.targetRef!.namespace ?? c.ns, () =>
          kubectl('get', 'pods', '-n', ep.targetRef!.namespace ?? c.ns, '-o', 'wide'),
        ),
      ),
    });
  }
}
