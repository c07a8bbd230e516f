// ValidateService as upstream's TestValidateServiceCreate tables it, part 2: service types,
// NodePorts, load-balancer fields, traffic policies, session affinity and what changed between
// 1.27 and 1.33 (cases with `minor` run as that version). Messages are upstream's word for word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rendered } from '../testdata/context';
import { validateService } from './service-validation';
import { headless, loadBalancer, makeValidService, type ServiceCase } from './testing/services';

const CASES: ServiceCase[] = [
  {
    name: 'missing session affinity',
    tweak: (s) => {
      delete s.spec.sessionAffinity;
    },
    want: ['spec.sessionAffinity: Required value'],
  },
  {
    name: 'valid load balancer protocol UDP 1',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports![0]!.protocol = 'UDP';
    },
    want: [],
  },
  {
    name: 'valid load balancer protocol UDP 2',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports![0] = { name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 };
    },
    want: [],
  },
  {
    name: 'load balancer with mix protocol',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push({ name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 });
    },
    want: [],
  },
  {
    name: 'valid type - nodeport',
    tweak: (s) => {
      s.spec.type = 'NodePort';
      s.spec.externalTrafficPolicy = 'Cluster';
    },
    want: [],
  },
  { name: 'valid type - loadbalancer', tweak: loadBalancer, want: [] },
  {
    name: 'duplicate nodeports',
    tweak: (s) => {
      s.spec.type = 'NodePort';
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.ports = [
        { name: 'r', port: 1, protocol: 'TCP', nodePort: 1, targetPort: 1 },
        { name: 's', port: 2, protocol: 'TCP', nodePort: 1, targetPort: 2 },
      ];
    },
    want: ['spec.ports[1].nodePort: Duplicate value: 1'],
  },
  {
    name: 'duplicate nodeports (different protocols)',
    tweak: (s) => {
      s.spec.type = 'NodePort';
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.ports = [
        { name: 'r', port: 1, protocol: 'TCP', nodePort: 1, targetPort: 1 },
        { name: 's', port: 2, protocol: 'UDP', nodePort: 1, targetPort: 2 },
        { name: 't', port: 3, protocol: 'SCTP', nodePort: 1, targetPort: 3 },
      ];
    },
    want: [],
  },
  {
    name: 'nodePort on a ClusterIP service',
    tweak: (s) => {
      s.spec.ports![0]!.nodePort = 30001;
    },
    want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'valid LoadBalancer source range annotation',
    tweak: (s) => {
      loadBalancer(s);
      s.metadata.annotations = {
        'service.beta.kubernetes.io/load-balancer-source-ranges': '1.2.3.4/8,  5.6.7.8/16',
      };
    },
    want: [],
  },
  {
    name: 'empty LoadBalancer source range annotation',
    tweak: (s) => {
      loadBalancer(s);
      s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '' };
    },
    want: [],
  },
  {
    name: 'invalid LoadBalancer source range annotation (hostname)',
    tweak: (s) => {
      loadBalancer(s);
      s.metadata.annotations = {
        'service.beta.kubernetes.io/load-balancer-source-ranges': 'foo.bar',
      };
    },
    want: [
      'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'invalid LoadBalancer source range annotation (invalid CIDR)',
    tweak: (s) => {
      loadBalancer(s);
      s.metadata.annotations = {
        'service.beta.kubernetes.io/load-balancer-source-ranges': '1.2.3.4/33',
      };
    },
    want: [
      'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "1.2.3.4/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'invalid source range for non LoadBalancer type service',
    tweak: (s) => {
      s.spec.loadBalancerSourceRanges = ['1.2.3.4/8', '5.6.7.8/16'];
    },
    want: [
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ],
  },
  {
    name: 'valid LoadBalancer source range',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerSourceRanges = ['1.2.3.4/8', '5.6.7.8/16'];
    },
    want: [],
  },
  {
    name: 'empty LoadBalancer source range',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerSourceRanges = ['   '];
    },
    want: [
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'invalid LoadBalancer source range',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerSourceRanges = ['foo.bar'];
    },
    want: [
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'invalid LoadBalancer source range (1.29 refuses the list as a whole)',
    minor: 29,
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerSourceRanges = ['1.2.3.4/8', 'foo.bar'];
    },
    want: [
      'spec.LoadBalancerSourceRanges: Invalid value: "[1.2.3.4/8 foo.bar]": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ',
    ],
  },
  {
    name: 'LoadBalancer type cannot have None ClusterIP',
    tweak: (s) => {
      loadBalancer(s);
      headless(s);
    },
    want: [
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    ],
  },
  {
    name: 'invalid node port with clusterIP None',
    tweak: (s) => {
      s.spec.type = 'NodePort';
      s.spec.externalTrafficPolicy = 'Cluster';
      headless(s);
    },
    want: [
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ],
  },
  {
    name: 'invalid nil internalTrafficPolicy',
    tweak: (s) => {
      delete s.spec.internalTrafficPolicy;
    },
    want: ['spec.internalTrafficPolicy: Required value'],
  },
  {
    name: 'invalid internalTrafficPolicy field',
    tweak: (s) => {
      s.spec.internalTrafficPolicy = 'invalid';
    },
    want: [
      'spec.internalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: 'valid internalTrafficPolicy field',
    tweak: (s) => {
      s.spec.internalTrafficPolicy = 'Local';
    },
    want: [],
  },
  {
    name: 'invalid externalTraffic field',
    tweak: (s) => {
      s.spec.type = 'NodePort';
      s.spec.externalTrafficPolicy = 'invalid';
    },
    want: [
      'spec.externalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: 'missing externalTrafficPolicy on a NodePort service',
    tweak: (s) => {
      s.spec.type = 'NodePort';
    },
    want: ['spec.externalTrafficPolicy: Required value'],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP without externalIPs',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
    },
    want: [
      'spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services',
    ],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP without externalIPs (1.28 wording)',
    minor: 28,
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
    },
    want: [
      "spec.externalTrafficPolicy: Invalid value: \"Cluster\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP with externalIPs (externally accessible from 1.29)',
    tweak: (s) => {
      s.spec.externalIPs = ['1.2.3.4'];
      s.spec.externalTrafficPolicy = 'Local';
    },
    want: [],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP with externalIPs (refused by 1.28)',
    minor: 28,
    tweak: (s) => {
      s.spec.externalIPs = ['1.2.3.4'];
      s.spec.externalTrafficPolicy = 'Local';
    },
    want: [
      "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ],
  },
  {
    name: 'ClusterIP with externalIPs needs externalTrafficPolicy (1.29+)',
    tweak: (s) => {
      s.spec.externalIPs = ['1.2.3.4'];
    },
    want: ['spec.externalTrafficPolicy: Required value'],
  },
  {
    name: 'nil healthCheckNodePort when Local LB',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.externalTrafficPolicy = 'Local';
    },
    want: ['spec.healthCheckNodePort: Required value'],
  },
  {
    name: 'invalid healthCheckNodePort',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.externalTrafficPolicy = 'Local';
      s.spec.healthCheckNodePort = -1;
    },
    want: ['spec.healthCheckNodePort: Invalid value: -1: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'valid healthCheckNodePort',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.externalTrafficPolicy = 'Local';
      s.spec.healthCheckNodePort = 34567;
    },
    want: [],
  },
  {
    name: 'healthCheckNodePort with externalTrafficPolicy Cluster',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.healthCheckNodePort = 34567;
    },
    want: [
      "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ],
  },
  {
    name: 'invalid session affinity',
    tweak: (s) => {
      s.spec.sessionAffinity = 'invalid';
    },
    want: [
      'spec.sessionAffinity: Unsupported value: "invalid": supported values: "ClientIP", "None"',
    ],
  },
  {
    name: 'sessionAffinityConfig with sessionAffinity None',
    tweak: (s) => {
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    },
    want: ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
  },
  {
    name: 'valid ClientIP affinity',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    },
    want: [],
  },
  {
    name: 'ClientIP affinity without sessionAffinityConfig',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
    },
    want: ['spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP'],
  },
  {
    name: 'ClientIP affinity without clientIP',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = {};
    },
    want: [
      'spec.sessionAffinityConfig.clientIP: Required value: when session affinity type is ClientIP',
    ],
  },
  {
    name: 'ClientIP affinity with timeoutSeconds 0',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } };
    },
    want: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'ClientIP affinity with timeoutSeconds over a day',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } };
    },
    want: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'ClientIP affinity with timeoutSeconds of exactly a day',
    tweak: (s) => {
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86400 } };
    },
    want: [],
  },
  {
    name: 'invalid service type',
    tweak: (s) => {
      s.spec.type = 'Balanced';
    },
    want: [
      'spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  },
  {
    name: 'valid trafficDistribution PreferClose',
    tweak: (s) => {
      s.spec.trafficDistribution = 'PreferClose';
    },
    want: [],
  },
  {
    name: 'invalid trafficDistribution (PreferSameZone is behind an off-by-default gate in 1.33)',
    tweak: (s) => {
      s.spec.trafficDistribution = 'PreferSameZone';
    },
    want: [
      'spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"',
    ],
  },
  {
    name: 'allocateLoadBalancerNodePorts on a ClusterIP service',
    tweak: (s) => {
      s.spec.allocateLoadBalancerNodePorts = true;
    },
    want: [
      "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ],
  },
  {
    name: 'LoadBalancer without allocateLoadBalancerNodePorts',
    tweak: (s) => {
      loadBalancer(s);
      delete s.spec.allocateLoadBalancerNodePorts;
    },
    want: ['allocateLoadBalancerNodePorts: Required value'],
  },
  {
    name: 'loadBalancerClass on a ClusterIP service',
    tweak: (s) => {
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    want: ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  {
    name: 'valid loadBalancerClass',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerClass = 'test.com/test-load-balancer-class';
    },
    want: [],
  },
  {
    name: 'invalid loadBalancerClass',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.loadBalancerClass = 'Bad/LoadBalancerClass';
    },
    want: [
      "spec.loadBalancerClass: Invalid value: \"Bad/LoadBalancerClass\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  },
  {
    name: 'topology annotations that disagree',
    tweak: (s) => {
      s.metadata.annotations = {
        'service.kubernetes.io/topology-mode': 'Auto',
        'service.kubernetes.io/topology-aware-hints': 'Disabled',
      };
    },
    want: [
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ],
  },
  {
    name: 'LoadBalancer exposing the kubelet port (refused before 1.33)',
    minor: 32,
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports![0]!.port = 10250;
    },
    want: [
      'spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet',
    ],
  },
  {
    name: 'LoadBalancer exposing the kubelet port (allowed from 1.33)',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports![0]!.port = 10250;
    },
    want: [],
  },
];

describe('ValidateService (TestValidateServiceCreate): types, load balancers, traffic', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const s = makeValidService();
      c.tweak(s);
      assert.deepEqual(rendered(validateService(s, c.minor ?? 33)), c.want);
    });
  }
});
