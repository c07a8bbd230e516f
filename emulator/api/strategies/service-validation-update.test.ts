// ValidateServiceUpdate as upstream's TestValidateServiceUpdate (pkg/apis/core/validation/
// validation_test.go) tables it: both objects start from makeValidService() with a cluster IP,
// each case tweaks the old and the new one. Upstream counts the errors; these cases pin every
// message word for word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rendered } from '../testdata/context';
import { validateServiceUpdate } from './service-validation';
import { loadBalancer, makeValidService, type TestService } from './testing/services';

interface UpdateCase {
  name: string;
  tweak: (oldSvc: TestService, newSvc: TestService) => void;
  want: string[];
}

const withIP = () => {
  const s = makeValidService();
  s.spec.clusterIP = '1.2.3.4';
  s.spec.clusterIPs = ['1.2.3.4'];
  s.spec.ipFamilies = ['IPv4'];
  s.spec.ipFamilyPolicy = 'SingleStack';
  return s;
};
const setIP = (s: TestService, ip: string) => {
  s.spec.clusterIP = ip;
  s.spec.clusterIPs = [ip];
};
const localLB = (s: TestService, port: number) => {
  loadBalancer(s);
  s.spec.externalTrafficPolicy = 'Local';
  s.spec.healthCheckNodePort = port;
};

const CASES: UpdateCase[] = [
  { name: 'no change', tweak: () => {}, want: [] },
  {
    name: 'change name',
    tweak: (_o, n) => {
      n.metadata.name = 'new';
    },
    want: ['metadata.name: Invalid value: "new": field is immutable'],
  },
  {
    name: 'change namespace',
    tweak: (_o, n) => {
      n.metadata.namespace = 'new';
    },
    want: ['metadata.namespace: Invalid value: "new": field is immutable'],
  },
  {
    name: 'change label valid',
    tweak: (o, n) => {
      o.metadata.labels = { key: 'old' };
      n.metadata.labels = { key: 'new' };
    },
    want: [],
  },
  {
    name: 'change cluster IP',
    tweak: (_o, n) => {
      setIP(n, '8.6.7.5');
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string{"8.6.7.5"}: may not change once set'],
  },
  {
    name: 'remove cluster IP',
    tweak: (_o, n) => {
      delete n.spec.clusterIP;
      delete n.spec.clusterIPs;
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset'],
  },
  {
    name: 'change affinity',
    tweak: (_o, n) => {
      n.spec.sessionAffinity = 'ClientIP';
      n.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    },
    want: [],
  },
  {
    name: 'remove affinity',
    tweak: (_o, n) => {
      delete n.spec.sessionAffinity;
    },
    want: ['spec.sessionAffinity: Required value'],
  },
  {
    name: 'change type',
    tweak: (_o, n) => {
      loadBalancer(n);
    },
    want: [],
  },
  {
    name: 'remove type',
    tweak: (_o, n) => {
      delete n.spec.type;
    },
    want: ['spec.type: Required value'],
  },
  {
    name: 'change type -> nodeport',
    tweak: (_o, n) => {
      n.spec.type = 'NodePort';
      n.spec.externalTrafficPolicy = 'Cluster';
    },
    want: [],
  },
  {
    name: 'add loadBalancerSourceRanges',
    tweak: (o, n) => {
      loadBalancer(o);
      loadBalancer(n);
      n.spec.loadBalancerSourceRanges = ['10.0.0.0/8'];
    },
    want: [],
  },
  {
    name: '`None` ClusterIP can NOT be changed',
    tweak: (o, n) => {
      setIP(o, 'None');
      setIP(n, '1.2.3.9');
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.9"}: may not change once set'],
  },
  {
    name: '`None` ClusterIP can NOT be removed',
    tweak: (o, n) => {
      setIP(o, 'None');
      delete n.spec.clusterIP;
      delete n.spec.clusterIPs;
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset'],
  },
  {
    name: 'ClusterIP can NOT be changed to None',
    tweak: (_o, n) => {
      setIP(n, 'None');
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set'],
  },
  {
    name: 'Service with ClusterIP type cannot change its set ClusterIP',
    tweak: (_o, n) => {
      setIP(n, '1.2.3.5');
    },
    want: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.5"}: may not change once set'],
  },
  {
    name: 'Service with ClusterIP type can change its empty ClusterIP (to ExternalName)',
    tweak: (_o, n) => {
      n.spec.type = 'ExternalName';
      n.spec.externalName = 'foo.example.com';
      delete n.spec.clusterIP;
      delete n.spec.clusterIPs;
      delete n.spec.ipFamilies;
      delete n.spec.ipFamilyPolicy;
    },
    want: [],
  },
  {
    name: 'ExternalName to ClusterIP may set a new cluster IP',
    tweak: (o, n) => {
      o.spec.type = 'ExternalName';
      o.spec.externalName = 'foo.example.com';
      delete o.spec.clusterIP;
      delete o.spec.clusterIPs;
      delete o.spec.ipFamilies;
      delete o.spec.ipFamilyPolicy;
      setIP(n, '1.2.3.9');
    },
    want: [],
  },
  {
    name: 'healthCheckNodePort may not change while both are Local LoadBalancers',
    tweak: (o, n) => {
      localLB(o, 30100);
      localLB(n, 30101);
    },
    want: ['spec.healthCheckNodePort: Forbidden: field is immutable'],
  },
  {
    name: 'healthCheckNodePort kept while both are Local LoadBalancers',
    tweak: (o, n) => {
      localLB(o, 30100);
      localLB(n, 30100);
    },
    want: [],
  },
  {
    name: 'update LoadBalancer type of service with loadBalancerClass changed',
    tweak: (o, n) => {
      loadBalancer(o);
      o.spec.loadBalancerClass = 'test.com/old';
      loadBalancer(n);
      n.spec.loadBalancerClass = 'test.com/new';
    },
    want: ['spec.loadBalancerClass: Invalid value: "test.com/new": may not change once set'],
  },
  {
    name: 'update LoadBalancer type of service: loadBalancerClass added',
    tweak: (o, n) => {
      loadBalancer(o);
      loadBalancer(n);
      n.spec.loadBalancerClass = 'test.com/new';
    },
    want: ['spec.loadBalancerClass: Invalid value: "test.com/new": may not change once set'],
  },
  {
    name: 'update to LoadBalancer type of service with loadBalancerClass',
    tweak: (_o, n) => {
      loadBalancer(n);
      n.spec.loadBalancerClass = 'test.com/new';
    },
    want: [],
  },
  {
    name: 'update LoadBalancer to ClusterIP with loadBalancerClass kept',
    tweak: (o, n) => {
      loadBalancer(o);
      o.spec.loadBalancerClass = 'test.com/old';
      n.spec.loadBalancerClass = 'test.com/old';
    },
    want: [
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ],
  },
  {
    name: 'ipFamilies may not change once set',
    tweak: (_o, n) => {
      n.spec.ipFamilies = ['IPv6'];
    },
    want: [
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set',
      'spec.clusterIPs[0]: Invalid value: "1.2.3.4": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: 'releasing the secondary clusterIP needs SingleStack',
    tweak: (o, n) => {
      o.spec.clusterIPs = ['1.2.3.4', '2000::1'];
      o.spec.ipFamilies = ['IPv4', 'IPv6'];
      o.spec.ipFamilyPolicy = 'PreferDualStack';
      n.spec.ipFamilies = ['IPv4', 'IPv6'];
      n.spec.ipFamilyPolicy = 'PreferDualStack';
    },
    want: [
      'spec.ipFamilyPolicy: Invalid value: "PreferDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP',
    ],
  },
];

describe('ValidateServiceUpdate (TestValidateServiceUpdate)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const oldSvc = withIP();
      const newSvc = withIP();
      newSvc.metadata.resourceVersion = '2';
      c.tweak(oldSvc, newSvc);
      assert.deepEqual(rendered(validateServiceUpdate(newSvc, oldSvc, 33)), c.want);
    });
  }
});
