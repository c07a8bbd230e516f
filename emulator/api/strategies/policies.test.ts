// NetworkPolicies and PodDisruptionBudgets: networking/v1 defaults and ValidateNetworkPolicy
// (pkg/apis/networking), ValidatePodDisruptionBudget (pkg/apis/policy) and their messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const netpol = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'np', namespace: 'default' },
  spec: { podSelector: {}, ...spec },
});
const pdb = (spec: Record<string, unknown>, name = 'budget'): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec,
});

describe('NetworkPolicy', () => {
  it('defaults TCP ports and the policy types', () => {
    const ingressOnly = write('networkpolicies', netpol({ ingress: [{ ports: [{ port: 80 }] }] }));
    assert.deepEqual(ingressOnly.causes, []);
    const spec = ingressOnly.object.spec as Record<string, unknown>;
    assert.deepEqual(spec.policyTypes, ['Ingress']);
    assert.deepEqual(spec.ingress, [{ ports: [{ port: 80, protocol: 'TCP' }] }]);
    const both = write('networkpolicies', netpol({ egress: [{}] })).object;
    assert.deepEqual((both.spec as Record<string, unknown>).policyTypes, ['Ingress', 'Egress']);
    const explicit = write('networkpolicies', netpol({ egress: [{}], policyTypes: ['Egress'] }));
    assert.deepEqual((explicit.object.spec as Record<string, unknown>).policyTypes, ['Egress']);
  });

  it('always stores spec.podSelector, {} when not given (a non-pointer Go struct)', () => {
    const bare = { ...netpol({}), spec: {} };
    assert.deepEqual(write('networkpolicies', bare).object.spec, {
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const missingSpec = { ...netpol({}), spec: undefined };
    const spec = write('networkpolicies', missingSpec).object.spec as Record<string, unknown>;
    assert.deepEqual(spec.podSelector, {});
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'ports, end ports and protocols',
      object: netpol({
        ingress: [
          {
            ports: [
              { protocol: 'ICMP', port: 70000 },
              { port: 'http', endPort: 90 },
              { endPort: 90 },
              { port: 100, endPort: 90 },
            ],
          },
        ],
      }),
      want: [
        'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
        'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
        'spec.ingress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is not specified',
        'spec.ingress[0].ports[3].endPort: Invalid value: 90: must be greater than or equal to `port`',
      ],
    },
    {
      name: 'peers',
      object: netpol({
        egress: [
          {
            to: [
              {},
              { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
              { ipBlock: { cidr: '10.0.0.0/33' } },
              {
                ipBlock: {
                  cidr: '10.0.0.0/16',
                  except: ['10.0.1.0/24', '10.1.0.0/24', '10.0.0.0/8'],
                },
              },
            ],
          },
        ],
      }),
      want: [
        'spec.egress[0].to[0]: Required value: must specify a peer',
        'spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer',
        'spec.egress[0].to[2].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        'spec.egress[0].to[3].ipBlock.except[1]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
        'spec.egress[0].to[3].ipBlock.except[2]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
      ],
    },
    {
      name: 'policy types',
      object: netpol({ policyTypes: ['Ingress', 'Sideways'] }),
      want: [
        'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      ],
    },
    {
      name: 'at most two policy types',
      object: netpol({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }),
      want: [
        'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('networkpolicies', c.object).causes), c.want));
});

describe('PodDisruptionBudget', () => {
  it('starts from the zero status', () => {
    const { object, causes } = write('poddisruptionbudgets', pdb({ minAvailable: 2 }));
    assert.deepEqual(causes, []);
    assert.deepEqual(object.status, {
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'minAvailable and maxUnavailable are exclusive',
      object: pdb({ minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { a: 'b' } } }),
      want: [
        'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(0xc000010020), MaxUnavailable:(*intstr.IntOrString)(0xc000010040), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
      ],
    },
    {
      name: 'non-negative ints or percents up to 100%',
      object: pdb({ minAvailable: -1 }),
      want: ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'percent',
      object: pdb({ maxUnavailable: '101%' }),
      want: [
        'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%',
      ],
    },
    {
      name: 'unhealthy pod eviction policy',
      object: pdb({ unhealthyPodEvictionPolicy: 'Never' }),
      want: [
        'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
      ],
    },
    {
      name: 'names need only be path segments',
      object: pdb({}, 'Web_Budget'),
      want: [],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      assert.deepEqual(rendered(write('poddisruptionbudgets', c.object).causes), c.want),
    );
});
