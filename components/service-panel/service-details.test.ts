import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { ServiceNode } from '@/lib/topology/model';
import type { SlimRecord } from '@/lib/topology/records';
import {
  dnsText,
  headerCountText,
  kubectlCommands,
  recordKindsText,
  selectorRowText,
  selectorText,
} from './service-details';

const service = (selector?: Record<string, string>) =>
  ({ namespace: 'shop', name: 'api', selector }) as ServiceNode;

test('the kubectl commands list pods by selector only when the Service has one', () => {
  const withSelector = kubectlCommands(service({ app: 'api', tier: 'web' }));
  assert.ok(withSelector.includes('kubectl get pods -n shop -o wide -l app=api,tier=web'));
  assert.equal(withSelector.length, 5);
  const without = kubectlCommands(service());
  assert.equal(without.length, 4);
  assert.ok(!without.some((c) => c.startsWith('kubectl get pods')));
  assert.equal(selectorText(service({ a: '1', b: '2' }), ', '), 'a=1, b=2');
});

test('the kubectl commands name only kinds the viewer may list in the namespace', () => {
  const svc = service({ app: 'api' });
  // Services and EndpointSlices only: no pods, no Endpoints.
  const sliceOnly = kubectlCommands(svc, true, {
    visibility: { Service: true, EndpointSlice: ['shop'] },
  });
  assert.deepEqual(sliceOnly, [
    'kubectl get service api -n shop -o wide',
    'kubectl get endpointslices -n shop -l kubernetes.io/service-name=api -o wide',
    'kubectl describe service api -n shop',
  ]);
  // Slices in another namespace only: none here.
  const elsewhere = kubectlCommands(svc, true, {
    visibility: { Service: true, Pod: true, Endpoints: true, EndpointSlice: ['team-b'] },
  });
  assert.ok(!elsewhere.some((c) => c.includes('endpointslices')));
  assert.ok(elsewhere.includes('kubectl get endpoints api -n shop'));
  // The dashboard acting as itself (no visibility) lists everything.
  assert.equal(kubectlCommands(svc, true, {}).length, 5);
});

describe('an ExternalName Service: a DNS alias, with no endpoints to count or list', () => {
  const external = {
    namespace: 'shop',
    name: 'payments',
    serviceType: 'ExternalName',
    externalName: 'payments.example.net',
    readyCount: 0,
    endpointCount: 0,
    selectorless: true,
  } as ServiceNode;

  it('no "0 of 0 endpoints ready" in the header; other Services keep their count', () => {
    assert.equal(headerCountText(external, 0), undefined);
    assert.equal(
      headerCountText(
        { ...external, serviceType: 'ClusterIP', readyCount: 1, endpointCount: 2 },
        1,
      ),
      '1 of 2 endpoints ready, 1 with no port (not serving)',
    );
  });

  it('endpoints that cannot be judged: the header says why, not "0 of 0 endpoints ready"', () => {
    const hidden = { ...external, serviceType: 'ClusterIP' } as ServiceNode;
    assert.equal(
      headerCountText({ ...hidden, endpointsNotJudged: 'not-visible' }, 0),
      'endpoints not visible to you',
    );
    assert.equal(
      headerCountText({ ...hidden, endpointsNotJudged: 'not-read' }, 0),
      'endpoints not read yet',
    );
    assert.equal(headerCountText(hidden, 0), '0 of 0 endpoints ready');
  });

  it('no "selector-less: endpoints are managed by hand" row', () => {
    assert.equal(selectorRowText(external), undefined);
    assert.match(selectorRowText({ ...external, selector: { app: 'x' } }) ?? '', /ignored/);
    assert.equal(
      selectorRowText({ ...external, serviceType: 'ClusterIP' }),
      'none (selector-less: endpoints are managed by hand)',
    );
  });

  it('no endpoint commands', () => {
    const commands = kubectlCommands(external);
    assert.ok(!commands.some((c) => /endpointslices|endpoints/.test(c)), commands.join('\n'));
    assert.ok(commands.includes('kubectl get service payments -n shop -o wide'));
  });

  it('what DNS said comes from the diagnosis; before any lookup, says so', () => {
    const diagnosis = {
      reasons: [
        {
          evidence: [
            {
              kind: 'DNS',
              namespace: '',
              name: 'payments.example.net',
              field: 'lookup',
              value: 'resolves to 192.0.2.7',
            },
          ],
        },
      ],
    } as unknown as ServiceDiagnosis;
    assert.equal(dnsText(diagnosis), 'resolves to 192.0.2.7');
    assert.equal(dnsText(undefined), 'not looked up yet');
  });
});

describe('what the panel lists for a selector-less Service with only a hand-made slice', () => {
  const manual = { namespace: 'shop', name: 'db', selectorless: true } as ServiceNode;
  const record = (kind: string, name: string) => ({ kind, meta: { name } }) as SlimRecord;

  it('no `kubectl get endpoints` when no Endpoints object exists; with one, or a selector, it is there', () => {
    const get = 'kubectl get endpoints db -n shop';
    assert.ok(!kubectlCommands(manual, false).includes(get));
    assert.ok(kubectlCommands(manual, true).includes(get));
    assert.ok(
      kubectlCommands(service({ app: 'api' }), false).includes('kubectl get endpoints api -n shop'),
    );
  });

  it('the YAML disclosure names the kinds it holds, plural only where there are several', () => {
    assert.equal(
      recordKindsText([record('Service', 'db'), record('EndpointSlice', 'db-ipv4')]),
      'Service, EndpointSlice',
    );
    assert.equal(
      recordKindsText([
        record('Service', 'db'),
        record('EndpointSlice', 'db-ipv4'),
        record('EndpointSlice', 'db-ipv6'),
        record('Endpoints', 'db'),
      ]),
      'Service, EndpointSlices, Endpoints',
    );
  });
});
