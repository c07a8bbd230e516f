// The Service /status subresource as upstream's TestValidateLoadBalancerStatus and the status
// cases of TestValidateServiceUpdate (pkg/apis/core/validation/validation_test.go) pin it: ingress
// ip / hostname / ipMode, load-balancer status only on LoadBalancer services (1.29+), ipMode
// defaulting (1.30+) and the spec kept as stored. Messages are upstream's word for word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered } from '../testdata/context';
import { STRATEGIES_FULL } from '.';
import { loadBalancer, makeValidService, type TestService } from './testing/services';

const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** A status write as the store runs it: the stored object with the new status. */
function writeStatus(
  stored: TestService,
  status: unknown,
  minor = 33,
): { object: KubeObject; causes: string[] } {
  const next = structuredClone(stored) as KubeObject;
  next.status = structuredClone(status) as Record<string, unknown>;
  const strategy = STRATEGIES_FULL.services;
  const causes = strategy.statusUpdate!(next, stored, fakeContext([], minor));
  return { object: next, causes: rendered(causes) };
}

const lbService = () => {
  const s = makeValidService();
  loadBalancer(s);
  return s;
};
const ingress = (...entries: Record<string, unknown>[]) => ({ loadBalancer: { ingress: entries } });

describe('ValidateLoadBalancerStatus (TestValidateLoadBalancerStatus)', () => {
  const cases: { name: string; status: unknown; want: string[]; minor?: number }[] = [
    { name: 'valid vip ipMode', status: ingress({ ip: '1.2.3.4', ipMode: 'VIP' }), want: [] },
    { name: 'valid proxy ipMode', status: ingress({ ip: '1.2.3.4', ipMode: 'Proxy' }), want: [] },
    {
      name: 'invalid ipMode',
      status: ingress({ ip: '1.2.3.4', ipMode: 'invalid' }),
      want: [
        'status.loadBalancer.ingress[0].ipMode: Unsupported value: "invalid": supported values: "Proxy", "VIP"',
      ],
    },
    {
      name: 'ipMode without ip',
      status: ingress({ hostname: 'lb.example.com', ipMode: 'VIP' }),
      want: [
        'status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set',
      ],
    },
    {
      name: 'missing ipMode is defaulted to VIP (1.30+), so it is never reported',
      status: ingress({ ip: '1.2.3.4' }),
      want: [],
    },
    {
      name: 'an ip that is not an IP address',
      status: ingress({ ip: '<img src=x onerror=alert(1)>', ipMode: 'VIP' }),
      want: [
        'status.loadBalancer.ingress[0].ip: Invalid value: "<img src=x onerror=alert(1)>": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    },
    {
      name: 'a hostname that is not a DNS name',
      status: ingress({ hostname: '<img src=x>' }),
      want: [
        `status.loadBalancer.ingress[0].hostname: Invalid value: "<img src=x>": ${DNS1123_SUBDOMAIN}`,
      ],
    },
    {
      name: 'a hostname that is an IP address',
      status: ingress({ hostname: '10.1.2.3' }),
      want: [
        'status.loadBalancer.ingress[0].hostname: Invalid value: "10.1.2.3": must be a DNS name, not an IP address',
      ],
    },
    { name: 'a valid hostname', status: ingress({ hostname: 'lb.example.com' }), want: [] },
    {
      name: 'ipMode is not known to 1.29 (gate off): dropped, not refused',
      status: ingress({ ip: '1.2.3.4', ipMode: 'invalid' }),
      minor: 29,
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(writeStatus(lbService(), c.status, c.minor).causes, c.want));
  }
});

describe('Service status writes', () => {
  it('only a LoadBalancer service may carry load-balancer ingress (1.29+)', () => {
    const clusterIP = makeValidService();
    assert.deepEqual(writeStatus(clusterIP, ingress({ ip: '1.2.3.4' })).causes, [
      "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
    ]);
    assert.deepEqual(writeStatus(clusterIP, ingress({ ip: '1.2.3.4' }), 28).causes, []);
  });

  it('defaults ipMode to VIP from 1.30, not before', () => {
    const v33 = writeStatus(lbService(), ingress({ ip: '1.2.3.4' }));
    assert.deepEqual(v33.object.status, ingress({ ip: '1.2.3.4', ipMode: 'VIP' }));
    const v29 = writeStatus(lbService(), ingress({ ip: '1.2.3.4' }), 29);
    assert.deepEqual(v29.object.status, ingress({ ip: '1.2.3.4' }));
  });

  it('keeps the stored spec whatever the body says', () => {
    const stored = lbService();
    const next = structuredClone(stored) as TestService;
    next.spec.type = 'NodePort';
    next.status = ingress({ hostname: 'lb.example.com' });
    STRATEGIES_FULL.services.statusUpdate!(next, stored, fakeContext());
    assert.equal(next.spec.type, 'LoadBalancer');
  });
});
