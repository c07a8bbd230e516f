import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointNode, ServiceNode } from '../topology/model';
import type { DrawNode } from './draw-types';
import { describeNode, fitLabel, formatClock, nodeLabel } from './describe';

test('fitLabel keeps short labels and cuts long ones in the middle, keeping the unique tail', () => {
  assert.equal(fitLabel('shop/cart', 30), 'shop/cart');
  const pod = 'nginx-deployment-6d7c68d555-6kg82';
  const fitted = fitLabel(pod, 30);
  assert.equal(fitted.length, 30);
  assert.ok(fitted.endsWith('555-6kg82'), fitted);
  assert.ok(fitted.startsWith('nginx-deplo'), fitted);
  assert.ok(fitted.includes('…'));
});

test('formatClock reads as toLocaleTimeString en-GB 24-hour, and keeps what it cannot parse', () => {
  for (const iso of ['2026-12-04T05:06:09Z', '2026-12-04T00:00:00.500Z', '2026-06-01T23:59:59Z'])
    assert.equal(formatClock(iso), new Date(iso).toLocaleTimeString('en-GB', { hour12: false }));
  assert.equal(formatClock('not a time'), 'not a time');
  assert.equal(formatClock(undefined), '');
});

test('formatClock: five past midnight reads 00:05:06, never 24:05:06 (en-US with hour12 false)', () => {
  const localMidnight = new Date(2026, 11, 4, 0, 5, 6).toISOString();
  assert.equal(formatClock(localMidnight), '00:05:06');
});

test('an endpoint with more ports counts them in words that agree: +1 port, +2 ports', () => {
  const label = (ports: number) =>
    nodeLabel({
      kind: 'endpoint',
      endpoint: {
        address: '10.0.0.7',
        condition: 'ready',
        origin: 'controller',
        ports: Array.from({ length: ports }, (_, i) => ({ port: 80 + i })),
      } as EndpointNode,
    } as unknown as DrawNode)[0];
  assert.equal(label(1), '10.0.0.7:80');
  assert.equal(label(2), '10.0.0.7:80 +1 port');
  assert.equal(label(3), '10.0.0.7:80 +2 ports');
});

test('an endpoint whose pod cannot be judged says why: not visible to you, or not read yet', () => {
  const sub = (targetHidden: EndpointNode['targetHidden']) =>
    nodeLabel({
      kind: 'endpoint',
      endpoint: {
        address: '10.0.0.7',
        condition: 'ready',
        origin: 'controller',
        ports: [{ port: 80 }],
        targetRef: { kind: 'Pod', name: 'web-1' },
        targetHidden,
      } as EndpointNode,
    } as unknown as DrawNode)[1];
  assert.equal(sub('not-visible'), 'ready · pod not visible to you');
  assert.equal(sub('not-read'), 'ready · pod not read yet');
  assert.equal(sub(undefined), 'ready · controller');
});

test('a Service whose endpoints cannot be judged says why, in its name and its label, never "0 of 0"', () => {
  const service = (endpointsNotJudged?: ServiceNode['endpointsNotJudged']) =>
    ({
      kind: 'service',
      service: {
        namespace: 'shop',
        name: 'api',
        serviceType: 'ClusterIP',
        headless: false,
        selectorless: false,
        readyCount: 0,
        endpointCount: 0,
        health: endpointsNotJudged ? 'unknown' : 'broken',
        ...(endpointsNotJudged ? { endpointsNotJudged } : {}),
      },
    }) as unknown as DrawNode;
  const named = (n: DrawNode) => describeNode(n, () => undefined);
  assert.equal(
    named(service('not-visible')),
    'Service shop/api, ClusterIP, endpoints not visible to you, health unknown',
  );
  assert.equal(
    named(service('not-read')),
    'Service shop/api, ClusterIP, endpoints not read yet, health unknown',
  );
  assert.equal(named(service()), 'Service shop/api, ClusterIP, 0 of 0 endpoints ready, broken');
  assert.equal(nodeLabel(service('not-visible'))[1], 'endpoints not visible to you');
  assert.equal(nodeLabel(service())[1], '0/0 ready');
});
