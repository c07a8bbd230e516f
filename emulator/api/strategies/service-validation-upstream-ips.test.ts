// upstream's TestValidateServiceCreate (pkg/apis/core/validation/validation_test.go), the cases
// the other service-validation tables do not cover that concern metadata, cluster IPs, IP
// families, headless, selector-less and ExternalName Services, ports and node ports: each under
// upstream's name with upstream's error count (numErrs), and the field of every cause as the
// emulator reports it (the clusterIPs ones by its port of ValidateServiceClusterIPsRelatedFields,
// service-cluster-ips.ts). Like upstream, this runs validateService alone: allocation (which
// refuses families this single-stack IPv4 cluster lacks) is not part of ValidateServiceCreate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateService } from './service-validation';
import { headless, loadBalancer, makeValidService, type TestService } from './testing/services';

interface Case {
  name: string;
  tweak: (s: TestService) => void;
  /** The field of each cause; their number is upstream's numErrs. */
  want: string[];
}

/** ipFamilyPolicy, then clusterIP and clusterIPs (the first is clusterIP), then ipFamilies. */
function ips(policy?: string, clusterIPs?: string[], families?: string[]) {
  return (s: TestService) => {
    if (policy) s.spec.ipFamilyPolicy = policy;
    if (clusterIPs) {
      s.spec.clusterIP = clusterIPs[0];
      s.spec.clusterIPs = clusterIPs;
    }
    if (families) s.spec.ipFamilies = families;
  };
}
const dual = 'RequireDualStack';
const prefer = 'PreferDualStack';
const single = 'SingleStack';
const v4v6 = ['IPv4', 'IPv6'];
const port = (name: string, p: number, protocol = 'TCP', nodePort?: number) => ({
  name,
  port: p,
  protocol,
  targetPort: p,
  ...(nodePort !== undefined && { nodePort }),
});
const nodePortType = (s: TestService) => {
  s.spec.type = 'NodePort';
  s.spec.externalTrafficPolicy = 'Cluster';
};

const CASES: Case[] = [
  {
    name: 'missing namespace',
    tweak: (s) => void delete s.metadata.namespace,
    want: ['metadata.namespace'],
  },
  {
    name: 'invalid namespace',
    tweak: (s) => void (s.metadata.namespace = '-123'),
    want: ['metadata.namespace'],
  },
  {
    name: 'too long generateName',
    tweak: (s) => void (s.metadata.generateName = 'a'.repeat(64)),
    want: ['metadata.generateName'],
  },
  {
    name: 'invalid publicIPs loopback',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['127.0.0.1'];
    },
    want: ['spec.externalIPs[0]'],
  },
  {
    name: 'nil internalTraffic field when feature gate is on',
    tweak: (s) => void delete s.spec.internalTrafficPolicy,
    want: ['spec.internalTrafficPolicy'],
  },
  {
    name: 'internalTrafficPolicy field nil when type is ExternalName',
    tweak: (s) => {
      delete s.spec.internalTrafficPolicy;
      s.spec.type = 'ExternalName';
      s.spec.externalName = 'foo.bar.com';
    },
    want: [],
  },
  {
    // tolerated for clusters that stored it before 1.22
    name: 'internalTrafficPolicy field is set when type is ExternalName',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.externalName = 'foo.bar.com';
    },
    want: [],
  },
  {
    // 1.33 (kubernetes#129174); 1.27–1.32 refuse port 10250 here (service-validation.test.ts)
    name: 'valid port type=LoadBalancer',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push({ name: 'kubelet', port: 10250, protocol: 'TCP', targetPort: 12345 });
    },
    want: [],
  },
  {
    name: 'invalid port headless 1',
    tweak: (s) => {
      s.spec.ports![0]!.port = 11722;
      s.spec.ports![0]!.targetPort = 11721;
      headless(s);
    },
    want: [], // v1 tolerates targetPort on headless Services
  },
  {
    name: 'invalid port headless 2',
    tweak: (s) => {
      s.spec.ports![0]!.port = 11722;
      s.spec.ports![0]!.targetPort = 'target';
      headless(s);
    },
    want: [],
  },
  { name: 'valid 2', tweak: (s) => void (s.spec.ports![0]!.protocol = 'UDP'), want: [] },
  { name: 'valid 3', tweak: (s) => void (s.spec.ports![0]!.targetPort = 'http'), want: [] },
  { name: 'valid type - clusterIP', tweak: (s) => void (s.spec.type = 'ClusterIP'), want: [] },
  { name: 'valid type - nodeport', tweak: nodePortType, want: [] },
  {
    name: 'valid type=NodePort service with NodePort',
    tweak: (s) => {
      nodePortType(s);
      s.spec.ports!.push(port('q', 12345, 'TCP', 12345));
    },
    want: [],
  },
  {
    name: 'valid type=NodePort service without NodePort',
    tweak: (s) => {
      nodePortType(s);
      s.spec.ports!.push(port('q', 12345));
    },
    want: [],
  },
  {
    name: 'valid cluster service without NodePort',
    tweak: (s) => void s.spec.ports!.push(port('q', 12345)),
    want: [],
  },
  {
    name: 'invalid cluster service with NodePort',
    tweak: (s) => void s.spec.ports!.push(port('q', 12345, 'TCP', 12345)),
    want: ['spec.ports[1].nodePort'],
  },
  {
    name: 'invalid public service with duplicate NodePort',
    tweak: (s) => {
      nodePortType(s);
      s.spec.ports!.push(port('p1', 1, 'TCP', 1), port('p2', 2, 'TCP', 1));
    },
    want: ['spec.ports[2].nodePort'],
  },
  {
    name: 'valid type=LoadBalancer',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.ports!.push(port('q', 12345));
    },
    want: [],
  },
  {
    name: 'invalid type - missing AllocateLoadBalancerNodePorts for loadbalancer type',
    tweak: (s) => {
      loadBalancer(s);
      delete s.spec.allocateLoadBalancerNodePorts;
    },
    // upstream's path here has no `spec.` (field.NewPath("allocateLoadBalancerNodePorts"))
    want: ['allocateLoadBalancerNodePorts'],
  },
  {
    name: 'valid type - loadbalancer with allocateLoadBalancerNodePorts=false',
    tweak: (s) => {
      loadBalancer(s);
      s.spec.allocateLoadBalancerNodePorts = false;
    },
    want: [],
  },
  {
    name: 'Use AllocateLoadBalancerNodePorts when type is not LoadBalancer',
    tweak: (s) => void (s.spec.allocateLoadBalancerNodePorts = true),
    want: ['spec.allocateLoadBalancerNodePorts'],
  },
  /* ip families */
  {
    name: 'invalid, service with invalid ipFamilies',
    tweak: ips(undefined, undefined, ['not-a-valid-ip-family']),
    want: ['spec.ipFamilies[0]'],
  },
  {
    name: 'invalid, service with invalid ipFamilies (2nd)',
    tweak: ips(dual, undefined, ['IPv4', 'not-a-valid-ip-family']),
    want: ['spec.ipFamilies[1]'],
  },
  {
    name: 'IPFamilyPolicy(singleStack) is set for two families',
    tweak: ips(single, undefined, v4v6),
    want: [], // validated by allocation
  },
  {
    name: 'valid, IPFamilyPolicy(preferDualStack) is set for two families (note: alloc sets families)',
    tweak: ips(prefer, undefined, v4v6),
    want: [],
  },
  {
    name: 'invalid, service with 2+ ipFamilies',
    tweak: ips(dual, undefined, ['IPv4', 'IPv6', 'IPv4']),
    want: ['spec.ipFamilies[2]'],
  },
  {
    name: 'invalid, service with same ip families',
    tweak: ips(dual, undefined, ['IPv6', 'IPv6']),
    want: ['spec.ipFamilies[1]'],
  },
  { name: 'valid, nil service ipFamilies', tweak: ips(), want: [] },
  {
    name: 'valid, service with valid ipFamilies (v4)',
    tweak: ips(undefined, undefined, ['IPv4']),
    want: [],
  },
  {
    name: 'valid, service with valid ipFamilies (v6)',
    tweak: ips(undefined, undefined, ['IPv6']),
    want: [],
  },
  {
    name: 'valid, service with valid ipFamilies(v4,v6)',
    tweak: ips(dual, undefined, v4v6),
    want: [],
  },
  {
    name: 'valid, service with valid ipFamilies(v6,v4)',
    tweak: ips(dual, undefined, ['IPv6', 'IPv4']),
    want: [],
  },
  {
    name: 'valid, service preferred dual stack with single family',
    tweak: ips(prefer, undefined, ['IPv6']),
    want: [],
  },
  /* cluster IPs */
  {
    name: 'invalid, garbage single ip',
    tweak: ips(undefined, ['garbage-ip']),
    want: ['spec.clusterIPs[0]'],
  },
  {
    name: 'invalid, garbage ips',
    tweak: ips(dual, ['garbage-ip', 'garbage-second-ip']),
    want: ['spec.clusterIPs[0]', 'spec.clusterIPs[1]'],
  },
  {
    name: 'invalid, garbage first ip',
    tweak: ips(dual, ['garbage-ip', '2001::1']),
    want: ['spec.clusterIPs[0]'],
  },
  {
    name: 'invalid, garbage second ip',
    tweak: ips(dual, ['2001::1', 'garbage-ip']),
    want: ['spec.clusterIPs[1]'],
  },
  {
    name: 'invalid, NONE + IP',
    tweak: ips(dual, ['None', '2001::1']),
    want: ['spec.clusterIPs'],
  },
  {
    name: 'invalid, IP + NONE',
    tweak: ips(dual, ['2001::1', 'None']),
    want: ['spec.clusterIPs[1]'],
  },
  {
    name: 'invalid, EMPTY STRING + IP',
    tweak: ips(dual, ['', '2001::1']),
    want: ['spec.clusterIPs', 'spec.clusterIPs[0]'],
  },
  {
    name: 'invalid, IP + EMPTY STRING',
    tweak: ips(dual, ['2001::1', '']),
    want: ['spec.clusterIPs[1]'],
  },
  {
    name: 'invalid, same ip family (v6)',
    tweak: ips(dual, ['2001::1', '2001::4'], v4v6),
    want: ['spec.clusterIPs', 'spec.clusterIPs[0]'],
  },
  {
    name: 'invalid, same ip family (v4)',
    tweak: ips(dual, ['10.0.0.1', '10.0.0.10'], v4v6),
    want: ['spec.clusterIPs', 'spec.clusterIPs[1]'],
  },
  {
    name: 'invalid, more than two ips',
    tweak: ips(dual, ['10.0.0.1', '2001::1', '10.0.0.10'], v4v6),
    want: ['spec.clusterIPs'],
  },
  {
    name: ' multi ip, dualstack not set (request for downgrade)',
    tweak: ips(single, ['10.0.0.1', '2001::1'], v4v6),
    want: [],
  },
  {
    name: 'valid, headless-no-selector + multi family + gate off',
    tweak: (s) => {
      ips(dual, ['None'], v4v6)(s);
      delete s.spec.selector;
    },
    want: [],
  },
  {
    name: 'valid, multi ip, single ipfamilies preferDualStack',
    tweak: ips(prefer, ['10.0.0.1', '2001::1'], ['IPv4']),
    want: [],
  },
  {
    name: 'valid, multi ip, single ipfamilies (must match when provided) + requireDualStack',
    tweak: ips(dual, ['10.0.0.1', '2001::1'], ['IPv4']),
    want: [],
  },
  {
    name: "invalid, families don't match (v4=>v6)",
    tweak: ips(undefined, ['10.0.0.1'], ['IPv6']),
    want: ['spec.clusterIPs[0]'],
  },
  {
    name: "invalid, families don't match (v6=>v4)",
    tweak: ips(undefined, ['2001::1'], ['IPv4']),
    want: ['spec.clusterIPs[0]'],
  },
  { name: 'valid. no field set', tweak: ips(), want: [] },
  { name: 'valid, single ip', tweak: ips(single, ['10.0.0.1']), want: [] },
  { name: 'valid, single family', tweak: ips(single, undefined, ['IPv6']), want: [] },
  { name: 'valid, single ip + single family', tweak: ips(single, ['2001::1'], ['IPv6']), want: [] },
  {
    name: 'valid, single ip + single family (dual stack requested)',
    tweak: ips(prefer, ['2001::1'], ['IPv6']),
    want: [],
  },
  { name: 'valid, single ip, multi ipfamilies', tweak: ips(dual, ['10.0.0.1'], v4v6), want: [] },
  {
    name: 'valid, multi ips, multi ipfamilies (4,6)',
    tweak: ips(dual, ['10.0.0.1', '2001::1'], v4v6),
    want: [],
  },
  {
    name: 'valid, ips, multi ipfamilies (6,4)',
    tweak: ips(dual, ['2001::1', '10.0.0.1'], ['IPv6', 'IPv4']),
    want: [],
  },
  { name: 'valid, multi ips (6,4)', tweak: ips(dual, ['2001::1', '10.0.0.1']), want: [] },
  {
    name: 'valid, multi ipfamilies (6,4)',
    tweak: ips(dual, undefined, ['IPv6', 'IPv4']),
    want: [],
  },
  { name: 'valid, multi ips (4,6)', tweak: ips(dual, ['10.0.0.1', '2001::1']), want: [] },
  { name: 'valid,  multi ipfamilies (4,6)', tweak: ips(dual, undefined, v4v6), want: [] },
  { name: 'valid, dual stack', tweak: ips(dual), want: [] },
  {
    name: 'invalid cluster ip != clusterIP in multi ip service',
    tweak: (s) => {
      ips(dual, ['10.0.0.1', '2001::1'])(s);
      s.spec.clusterIP = '10.0.0.10';
    },
    want: ['spec.clusterIPs'],
  },
  {
    name: 'invalid cluster ip != clusterIP in single ip service',
    tweak: (s) => {
      ips(undefined, ['10.0.0.1'])(s);
      s.spec.clusterIP = '10.0.0.10';
    },
    want: ['spec.clusterIPs'],
  },
  {
    name: 'valid appProtocol',
    tweak: (s) => void (s.spec.ports = [{ ...port('', 12345), appProtocol: 'HTTP' }]),
    want: [],
  },
  {
    name: 'valid custom appProtocol',
    tweak: (s) =>
      void (s.spec.ports = [{ ...port('', 12345), appProtocol: 'example.com/protocol' }]),
    want: [],
  },
];

describe('ValidateService (TestValidateServiceCreate): cluster IPs, families, node ports', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const s = makeValidService();
      c.tweak(s);
      assert.deepEqual(
        validateService(s, 33).map((cause) => cause.field),
        c.want,
      );
    });
  }
});
