// upstream's TestValidateServiceCreate (pkg/apis/core/validation/validation_test.go), the cases
// on load balancers, source ranges, traffic policies, health checks and session affinity that
// the other service-validation tables cover only under their own names: each here under
// upstream's name, with upstream's error count and every message word for word. Cases whose
// answer changed between the served releases run once per answer (`minor`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rendered } from '../testdata/context';
import { validateService } from './service-validation';
import { headless, loadBalancer, makeValidService, type ServiceCase } from './testing/services';

const SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ANNOTATION_PATH = `metadata.annotations[${SOURCE_RANGES}]`;
const CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const IP_RANGES = 'must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ';
const ONLY_LB = "Forbidden: may only be used when `type` is 'LoadBalancer'";
const port12345 = { name: 'q', port: 12345, protocol: 'TCP', targetPort: 12345 };

function sourceRanges(...ranges: string[]) {
  return (s: Parameters<ServiceCase['tweak']>[0]) => {
    loadBalancer(s);
    s.spec.loadBalancerSourceRanges = ranges;
  };
}

function annotation(value: string, lb = true) {
  return (s: Parameters<ServiceCase['tweak']>[0]) => {
    if (lb) loadBalancer(s);
    s.metadata.annotations![SOURCE_RANGES] = value;
  };
}

const CASES: ServiceCase[] = [
  {
    name: 'missing name',
    tweak: (s) => void (s.metadata.name = ''),
    want: ['metadata.name: Required value: name or generateName is required'],
  },
  { name: 'valid cluster ip - none ', tweak: headless, want: [] },
  {
    name: 'valid type loadbalancer 2 ports',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push(port12345);
    },
    want: [],
  },
  {
    name: 'valid external load balancer 2 ports',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push(port12345);
    },
    want: [],
  },
  { name: 'valid type - cluster', tweak: (s) => void (s.spec.type = 'ClusterIP'), want: [] },
  {
    name: 'valid type - loadbalancer with allocateLoadBalancerNodePorts=true',
    tweak: loadBalancer,
    want: [],
  },
  {
    name: 'valid type loadbalancer with NodePort',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push({ ...port12345, nodePort: 12345 });
    },
    want: [],
  },
  { name: 'valid empty LoadBalancer source range annotation', tweak: annotation(''), want: [] },
  {
    name: 'valid whitespace-only LoadBalancer source range annotation',
    tweak: annotation('  '),
    want: [],
  },
  {
    name: 'invalid LoadBalancer source range annotation for non LoadBalancer type service',
    tweak: annotation('1.2.3.0/24', false),
    want: [`${ANNOTATION_PATH}: ${ONLY_LB}`],
  },
  {
    name: 'invalid empty-but-set LoadBalancer source range annotation for non LoadBalancer type service',
    tweak: annotation('', false),
    want: [`${ANNOTATION_PATH}: ${ONLY_LB}`],
  },
  {
    name: 'valid LoadBalancer source range with whitespace',
    tweak: sourceRanges('1.2.3.0/24  ', ' 5.6.0.0/16'),
    want: [],
  },
  {
    name: 'invalid empty LoadBalancer source range',
    tweak: sourceRanges('   '),
    want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "": ${CIDR}`],
  },
  {
    name: 'invalid empty LoadBalancer source range',
    minor: 29,
    tweak: sourceRanges('   '),
    want: [`spec.LoadBalancerSourceRanges: Invalid value: "[   ]": ${IP_RANGES}`],
  },
  {
    name: 'invalid LoadBalancer source range (hostname)',
    tweak: sourceRanges('foo.bar'),
    want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar": ${CIDR}`],
  },
  {
    name: 'invalid LoadBalancer source range (hostname)',
    minor: 27,
    tweak: sourceRanges('foo.bar'),
    want: [`spec.LoadBalancerSourceRanges: Invalid value: "[foo.bar]": ${IP_RANGES}`],
  },
  {
    name: 'invalid LoadBalancer source range (invalid CIDR)',
    tweak: sourceRanges('1.2.3.4/33'),
    want: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "1.2.3.4/33": ${CIDR}`],
  },
  {
    name: 'invalid LoadBalancer source range (invalid CIDR)',
    minor: 29,
    tweak: sourceRanges('1.2.3.4/33'),
    want: [`spec.LoadBalancerSourceRanges: Invalid value: "[1.2.3.4/33]": ${IP_RANGES}`],
  },
  {
    name: 'invalid source range annotation ignored with valid source range field',
    tweak: (s) => {
      sourceRanges('1.2.3.0/24', '5.6.0.0/16')(s);
      s.metadata.annotations![SOURCE_RANGES] = 'foo.bar';
    },
    want: [],
  },
  {
    name: 'invalid internalTraffic field',
    tweak: (s) => void (s.spec.internalTrafficPolicy = 'invalid'),
    want: [
      'spec.internalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: 'internalTrafficPolicy field set to Cluster',
    tweak: (s) => void (s.spec.internalTrafficPolicy = 'Cluster'),
    want: [],
  },
  {
    name: 'internalTrafficPolicy field set to Local',
    tweak: (s) => void (s.spec.internalTrafficPolicy = 'Local'),
    want: [],
  },
  {
    // Upstream has two cases of this name: -1 (refused) and 31100 (accepted).
    name: 'negative healthCheckNodePort field',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.externalTrafficPolicy = 'Local';
      s.spec.healthCheckNodePort = -1;
    },
    want: ['spec.healthCheckNodePort: Invalid value: -1: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'negative healthCheckNodePort field',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.externalTrafficPolicy = 'Local';
      s.spec.healthCheckNodePort = 31100;
    },
    want: [],
  },
  {
    name: 'invalid timeoutSeconds field',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: -1 } };
    },
    want: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: "sessionAffinityConfig can't be set when session affinity is None",
    tweak: (s) => {
      loadBalancer(s);
      s.spec.sessionAffinity = 'None';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    },
    want: ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
  },
  {
    name: 'valid LoadBalancerClass when type is LoadBalancer',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    want: [],
  },
  {
    name: 'invalid LoadBalancerClass',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerClass = 'Bad/LoadBalancerClass';
    },
    want: [
      "spec.loadBalancerClass: Invalid value: \"Bad/LoadBalancerClass\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  },
  {
    name: 'invalid: set LoadBalancerClass when type is not LoadBalancer',
    tweak: (s) => {
      s.spec.type = 'ClusterIP';
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    want: [`spec.loadBalancerClass: ${ONLY_LB}`],
  },
  {
    name: 'topology annotations are mismatched',
    tweak: (s) => {
      s.metadata.annotations!['service.kubernetes.io/topology-aware-hints'] = 'original';
      s.metadata.annotations!['service.kubernetes.io/topology-mode'] = 'different';
    },
    want: [
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "different": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ],
  },
  {
    name: 'valid: trafficDistribution field set to PreferClose',
    tweak: (s) => void (s.spec.trafficDistribution = 'PreferClose'),
    want: [],
  },
  {
    name: 'invalid: trafficDistribution field set to Random',
    tweak: (s) => void (s.spec.trafficDistribution = 'Random'),
    want: [
      'spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose"',
    ],
  },
];

describe('ValidateService (TestValidateServiceCreate): load balancers, policies, affinity', () => {
  for (const c of CASES) {
    it(`${c.name}${c.minor ? ` (1.${c.minor})` : ''}`, () => {
      const s = makeValidService();
      c.tweak(s);
      assert.deepEqual(rendered(validateService(s, c.minor ?? 33)), c.want);
    });
  }
});
