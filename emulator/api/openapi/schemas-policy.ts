/**
 * OpenAPI v3 schemas of networking.k8s.io/v1 NetworkPolicy and policy/v1 PodDisruptionBudget
 * (k8s.io/api/networking/v1, k8s.io/api/policy/v1), in the shape of ./schemas.ts.
 */
import {
  atomic,
  int32,
  int64,
  intOrString,
  kind,
  kindWithList,
  M,
  mergeList,
  obj,
  ref,
  s,
  time,
  type GroupVersion,
  type Schema,
} from './builders';

const N = 'io.k8s.api.networking.v1.';
const NETWORKING_V1: GroupVersion = { prefix: N, group: 'networking.k8s.io', version: 'v1' };
const POLICY_V1: GroupVersion = { prefix: 'io.k8s.api.policy.v1.', group: 'policy', version: 'v1' };

const rule = (name: string, description: string, peers: 'from' | 'to'): Schema =>
  obj(description.startsWith(name) ? description : `${name} ${description}`, {
    [peers]: atomic(ref(`${N}NetworkPolicyPeer`)),
    ports: atomic(ref(`${N}NetworkPolicyPort`)),
  });

export const POLICY_SCHEMAS: Record<string, Schema> = {
  // The kind of pods/eviction (k8s.io/api/policy/v1 Eviction).
  [`${POLICY_V1.prefix}Eviction`]: kind(
    POLICY_V1.group,
    POLICY_V1.version,
    'Eviction',
    'Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod.  A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.',
    { deleteOptions: ref(`${M}DeleteOptions`) },
  ),
  ...kindWithList(
    NETWORKING_V1,
    'NetworkPolicy',
    'NetworkPolicy describes what network traffic is allowed for a set of Pods',
    {
      spec: obj('NetworkPolicySpec provides the specification of a NetworkPolicy', {
        egress: atomic(
          rule(
            'NetworkPolicyEgressRule',
            "describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec's podSelector.",
            'to',
          ),
        ),
        ingress: atomic(
          rule(
            'NetworkPolicyIngressRule',
            "describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec's podSelector.",
            'from',
          ),
        ),
        podSelector: ref(`${M}LabelSelector`),
        policyTypes: atomic({ type: 'string', default: '' }),
      }),
    },
  ),
  [`${N}NetworkPolicyPeer`]: obj('NetworkPolicyPeer describes a peer to allow traffic to/from.', {
    ipBlock: obj(
      'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.',
      {
        cidr: s(),
        except: atomic({ type: 'string', default: '' }),
      },
      ['cidr'],
    ),
    namespaceSelector: ref(`${M}LabelSelector`),
    podSelector: ref(`${M}LabelSelector`),
  }),
  [`${N}NetworkPolicyPort`]: obj('NetworkPolicyPort describes a port to allow traffic on', {
    endPort: int32,
    port: intOrString,
    protocol: s(),
  }),
  ...kindWithList(
    POLICY_V1,
    'PodDisruptionBudget',
    'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
    {
      spec: obj('PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.', {
        maxUnavailable: intOrString,
        minAvailable: intOrString,
        selector: ref(`${M}LabelSelector`),
        unhealthyPodEvictionPolicy: s(),
      }),
      status: obj(
        'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget. Status may trail the actual state of a system.',
        {
          conditions: mergeList(ref(`${M}Condition`), 'type'),
          currentHealthy: int32,
          desiredHealthy: int32,
          disruptedPods: { type: 'object', additionalProperties: time },
          disruptionsAllowed: int32,
          expectedPods: int32,
          observedGeneration: int64,
        },
        ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
      ),
    },
  ),
  [`${M}Condition`]: obj(
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      lastTransitionTime: time,
      message: s(),
      observedGeneration: int64,
      reason: s(),
      status: s(),
      type: s(),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
};
