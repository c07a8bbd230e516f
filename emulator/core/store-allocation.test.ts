/** ClusterIP and NodePort allocation: KEP-3070 bands, pending values, release on change. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allocateClusterIP,
  allocateNodePort,
  createAllocationState,
  isClusterIPInUse,
  isInNodePortRange,
  isInServiceRange,
  isNodePortInUse,
  trackAllocations,
  withPendingAllocations,
} from './store-allocation';
import type { KubeObject } from './types';

const first = () => 0;

function service(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'd' }, spec };
}

describe('ClusterIPs', () => {
  it('dynamic allocation starts above the 256 addresses kept for static assignment', () => {
    assert.equal(allocateClusterIP(createAllocationState(first)), '10.96.1.1');
    const last = (n: number) => n - 1;
    assert.equal(allocateClusterIP(createAllocationState(last)), '10.111.255.254');
  });

  it('holds an allocated IP until the write ends', () => {
    const state = createAllocationState(first);
    withPendingAllocations(state, () => {
      assert.equal(allocateClusterIP(state), '10.96.1.1');
      assert.equal(isClusterIPInUse(state, '10.96.1.1'), true);
      assert.equal(allocateClusterIP(state), '10.96.1.2');
    });
    assert.equal(isClusterIPInUse(state, '10.96.1.1'), false);
  });

  it('what committed Services hold is in use until they change or go', () => {
    const state = createAllocationState(first);
    const svc = service({ clusterIP: '10.96.1.1', clusterIPs: ['10.96.1.1'] });
    trackAllocations(state, 'services', undefined, svc);
    assert.equal(allocateClusterIP(state), '10.96.1.2');
    trackAllocations(state, 'services', svc, undefined);
    assert.equal(isClusterIPInUse(state, '10.96.1.1'), false);
    trackAllocations(state, 'pods', undefined, svc);
    assert.equal(isClusterIPInUse(state, '10.96.1.1'), false);
  });

  it('knows the service range', () => {
    assert.equal(isInServiceRange('10.96.0.0'), false);
    assert.equal(isInServiceRange('10.96.0.1'), true);
    assert.equal(isInServiceRange('010.096.000.005'), true);
    assert.equal(isInServiceRange('10.111.255.254'), true);
    assert.equal(isInServiceRange('10.111.255.255'), false);
    assert.equal(isInServiceRange('10.112.0.1'), false);
    assert.equal(isInServiceRange('2001:db8::1'), false);
  });
});

describe('NodePorts', () => {
  it('fills the upper band first, then the static lower band, then reports full', () => {
    const state = createAllocationState(first);
    const ports: number[] = [];
    for (let p = allocateNodePort(state); p !== undefined; p = allocateNodePort(state)) {
      ports.push(p);
    }
    assert.equal(ports.length, 32767 - 30000 + 1);
    assert.equal(ports[0], 30086);
    assert.equal(ports[32767 - 30086], 32767);
    assert.equal(ports[32767 - 30086 + 1], 30000);
    assert.equal(new Set(ports).size, ports.length);
  });

  it('nodePorts and healthCheckNodePort of committed Services are in use', () => {
    const state = createAllocationState(first);
    trackAllocations(
      state,
      'services',
      undefined,
      service({ ports: [{ nodePort: 30086 }, { port: 80 }], healthCheckNodePort: 30087 }),
    );
    assert.equal(isNodePortInUse(state, 30086), true);
    assert.equal(isNodePortInUse(state, 30087), true);
    assert.equal(allocateNodePort(state), 30088);
  });

  it('knows the node port range', () => {
    assert.equal(isInNodePortRange(29999), false);
    assert.equal(isInNodePortRange(30000), true);
    assert.equal(isInNodePortRange(32767), true);
    assert.equal(isInNodePortRange(32768), false);
    assert.equal(isInNodePortRange(30000.5), false);
  });
});
