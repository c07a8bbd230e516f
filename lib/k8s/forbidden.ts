/**
 * What the map loses when RBAC forbids the dashboard to list one kind: the sentence the page,
 * `/healthz` and the logs show for a forbidden kind ("Switchboard may not list endpointslices
 * cluster-wide: the map shows Endpoints only").
 *
 * Contract: pure and isomorphic; one consequence per watched kind, worded for an operator who
 * must decide whether to grant the permission. The resource name is the one a ClusterRole rule
 * names (lib/k8s/kinds.ts `resource`).
 */
import type { RecordKind } from '../topology/records';
import { KINDS } from './kinds';

const CONSEQUENCE: { readonly [K in RecordKind]: string } = {
  Namespace: 'the namespace filter offers only namespaces that hold Services or pods',
  Node: 'the form does not recognise a node’s own address or pod CIDR as inside the cluster',
  Service: 'the map is empty, since Services are what it draws',
  EndpointSlice: 'the map shows Endpoints only',
  Endpoints: 'the map shows EndpointSlices only; a Service routed by Endpoints alone looks empty',
  Pod: 'endpoints are shown without their pods: no readiness reasons, no selector checks',
  Event: 'the timeline shows no Events',
  Deployment: 'the diagnosis names symptoms without the Deployment behind them',
  ReplicaSet: 'the diagnosis cannot tell which rollout a pod belongs to',
  StatefulSet: 'the diagnosis names symptoms without the StatefulSet behind them',
  DaemonSet: 'the diagnosis names symptoms without the DaemonSet behind them',
};

export function forbiddenNotice(kind: RecordKind): string {
  return `Switchboard may not list ${KINDS[kind].resource} cluster-wide: ${CONSEQUENCE[kind]}`;
}
