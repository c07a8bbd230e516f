/**
 * podToEndpointAddress (subsets.ts), ported from upstream endpoints_controller_test.go
 * TestPodToEndpointAddressForService: which pod IP becomes the address for the Service's family.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { podToEndpointAddress } from './subsets';

describe('TestPodToEndpointAddressForService', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7' },
    spec: { nodeName: 'node-1' },
    status: { podIP: '1.2.3.4', podIPs: [{ ip: '1.2.3.4' }, { ip: '2000::0' }] },
  };
  const svc = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'ns' },
    spec,
  });

  it('v4 service, in a dual stack cluster', () => {
    const a = podToEndpointAddress(svc({ clusterIP: '10.0.0.1', ipFamilies: ['IPv4'] }), pod);
    assert.deepEqual(a, {
      ip: '1.2.3.4',
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u1' },
    });
  });
  it('v6 service, in a dual stack cluster (canonical form)', () => {
    assert.equal(
      podToEndpointAddress(svc({ clusterIP: '3000::1', ipFamilies: ['IPv6'] }), pod)?.ip,
      '2000::',
    );
  });
  it('v6 headless service, no ipFamilies: the family of the pod IP (v4)', () => {
    assert.equal(podToEndpointAddress(svc({ clusterIP: 'None' }), pod)?.ip, '1.2.3.4');
  });
  it('v6 service without ipFamilies: the family of the clusterIP', () => {
    assert.equal(podToEndpointAddress(svc({ clusterIP: '3000::1' }), pod)?.ip, '2000::');
  });
  it('v6 service, single stack v4 pod: no address (skipped)', () => {
    const v4only = { ...pod, status: { podIP: '1.2.3.4', podIPs: [{ ip: '1.2.3.4' }] } };
    assert.equal(
      podToEndpointAddress(svc({ clusterIP: '3000::1', ipFamilies: ['IPv6'] }), v4only),
      undefined,
    );
  });
  it('leading zeros in an IPv4 pod IP are read as decimal and dropped', () => {
    const odd = {
      ...pod,
      status: { podIP: '001.002.003.004', podIPs: [{ ip: '001.002.003.004' }] },
    };
    assert.equal(
      podToEndpointAddress(svc({ clusterIP: '10.0.0.1', ipFamilies: ['IPv4'] }), odd)?.ip,
      '1.2.3.4',
    );
  });
});
