// SetDefaults_Service as upstream's defaults tests table it (pkg/apis/core/v1/defaults_test.go:
// TestSetDefaultService, TestSetDefaultServiceSessionAffinityConfig,
// TestSetDefaultServiceTargetPort, TestSetDefaultServicePort, TestSetDefaultServiceExternalTraffic,
// TestSetDefaultServiceInternalTrafficPolicy, TestSetDefaultServiceLoadbalancerIPMode), run through
// the whole strategy as a create does, plus what the Go struct round trip drops before defaulting
// and the fields a version does not know.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, write } from '../testdata/context';
import type { ServiceSpec } from './service-shape';

function create(spec: ServiceSpec, minor = 33): ServiceSpec {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: 'default' },
    spec,
  };
  const { object, causes } = write('services', svc, { ctx: fakeContext([], minor) });
  assert.deepEqual(causes, []);
  return object.spec as ServiceSpec;
}

const port = { port: 80 };

describe('SetDefaults_Service (defaults_test.go)', () => {
  it('TestSetDefaultService: type ClusterIP, sessionAffinity None', () => {
    const s = create({ ports: [port] });
    assert.equal(s.type, 'ClusterIP');
    assert.equal(s.sessionAffinity, 'None');
  });

  it('TestSetDefaultServiceSessionAffinityConfig: ClientIP gets 10800 seconds, None gets none', () => {
    const clientIP = create({ ports: [port], sessionAffinity: 'ClientIP' });
    assert.deepEqual(clientIP.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
    const kept = create({
      ports: [port],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    });
    assert.deepEqual(kept.sessionAffinityConfig, { clientIP: { timeoutSeconds: 60 } });
    const none = create({
      ports: [port],
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    });
    assert.equal(none.sessionAffinityConfig, undefined, 'dropped with None, never refused');
  });

  it('TestSetDefaultServiceTargetPort: targetPort defaults to port, a set one is kept', () => {
    assert.equal(create({ ports: [{ port: 1234 }] }).ports?.[0]?.targetPort, 1234);
    assert.equal(
      create({ ports: [{ port: 1234, targetPort: 4321 }] }).ports?.[0]?.targetPort,
      4321,
    );
  });

  it('TestSetDefaultServicePort: protocol defaults to TCP, a set one is kept', () => {
    const s = create({
      ports: [
        { name: 'a', port: 1 },
        { name: 'b', port: 2, protocol: 'UDP' },
      ],
    });
    assert.deepEqual(
      s.ports?.map((p) => p.protocol),
      ['TCP', 'UDP'],
    );
  });

  it('TestSetDefaultServiceExternalTraffic: Cluster for NodePort and LoadBalancer', () => {
    assert.equal(create({ ports: [port] }).externalTrafficPolicy, undefined);
    assert.equal(create({ type: 'NodePort', ports: [port] }).externalTrafficPolicy, 'Cluster');
    assert.equal(create({ type: 'LoadBalancer', ports: [port] }).externalTrafficPolicy, 'Cluster');
    const local = create({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [port] });
    assert.equal(local.externalTrafficPolicy, 'Local');
  });

  it('TestSetDefaultServiceExternalTraffic: ClusterIP with externalIPs gets Cluster from 1.29', () => {
    const spec = { ports: [port], externalIPs: ['1.2.3.4'] };
    assert.equal(create(structuredClone(spec)).externalTrafficPolicy, 'Cluster');
    assert.equal(create(structuredClone(spec), 28).externalTrafficPolicy, undefined);
  });

  it('TestSetDefaultServiceInternalTrafficPolicy: Cluster except for ExternalName', () => {
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer'])
      assert.equal(create({ type, ports: [port] }).internalTrafficPolicy, 'Cluster', type);
    const local = create({ ports: [port], internalTrafficPolicy: 'Local' });
    assert.equal(local.internalTrafficPolicy, 'Local');
    const ext = create({ type: 'ExternalName', externalName: 'example.com' });
    assert.equal(ext.internalTrafficPolicy, undefined);
  });

  it('allocateLoadBalancerNodePorts defaults to true on LoadBalancers only', () => {
    assert.equal(
      create({ type: 'LoadBalancer', ports: [port] }).allocateLoadBalancerNodePorts,
      true,
    );
    assert.equal(create({ ports: [port] }).allocateLoadBalancerNodePorts, undefined);
  });
});

describe('the Go struct round trip and version-dependent fields', () => {
  it('an empty selector is stored as no selector (omitempty), as kubectl get -o json shows', () => {
    const s = create({ selector: {}, ports: [port] });
    assert.equal('selector' in s, false);
  });

  it('zero values of omitempty fields are not stored', () => {
    const s = create({
      ports: [{ name: '', port: 80, nodePort: 0 }],
      externalIPs: [],
      clusterIP: '',
    });
    assert.deepEqual(s.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.equal('externalIPs' in s, false);
  });

  it('trafficDistribution is kept from 1.31 and dropped before (its gate is off in 1.30)', () => {
    const spec = { ports: [port], trafficDistribution: 'PreferClose' };
    assert.equal(create(structuredClone(spec)).trafficDistribution, 'PreferClose');
    assert.equal(create(structuredClone(spec), 31).trafficDistribution, 'PreferClose');
    assert.equal(create(structuredClone(spec), 30).trafficDistribution, undefined);
  });

  it('a LoadBalancer with externalTrafficPolicy Local is given a healthCheckNodePort', () => {
    const s = create({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [port] });
    assert.ok((s.healthCheckNodePort ?? 0) >= 30000 && (s.healthCheckNodePort ?? 0) <= 32767);
  });
});
