import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualSlice } from '../testing/endpoints';
import { podRecord, serviceRecord } from '../testing/objects';
import { snapshotOf } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: endpoint addresses', () => {
  it('address checks: loopback, link-local, ClusterIP and foreign pod IP name the culprit', () => {
    const lo = FIXTURES['endpoint-address-loopback']();
    assert.equal(
      reason(diagnose(lo.snapshot, lo.ns, lo.name), 'endpoint-address-loopback').severity,
      'error',
    );
    const ll = FIXTURES['endpoint-address-link-local']();
    assert.match(
      reason(diagnose(ll.snapshot, ll.ns, ll.name), 'endpoint-address-link-local').summary,
      /169\.254\.169\.254/,
    );
    const cip = FIXTURES['endpoint-address-is-cluster-ip']();
    const rc = reason(diagnose(cip.snapshot, cip.ns, cip.name), 'endpoint-address-is-cluster-ip');
    assert.match(rc.summary, /ClusterIP of Service shop\/db/);
    assert.ok(
      rc.evidence.some(
        (e) => e.kind === 'Service' && e.name === 'db' && e.field === 'spec.clusterIP',
      ),
    );
    const fp = FIXTURES['endpoint-address-foreign-pod-ip']();
    const df = diagnose(fp.snapshot, fp.ns, fp.name);
    const rf = reason(df, 'endpoint-address-foreign-pod-ip');
    assert.equal(df.health, 'warning');
    assert.match(rf.summary, /pod payments\/ledger-/);
    assert.ok(
      rf.commands.includes(
        'kubectl get pods --all-namespaces -o wide --field-selector status.podIP=10.244.3.33',
      ),
    );
  });

  it('a node IP shared by hostNetwork pods is not a "foreign pod IP"', () => {
    const hostPods = ['kube-proxy-a', 'node-exporter-a'].map((n) =>
      podRecord('kube-system', n, { ip: '192.168.49.9' }),
    );
    const svc = serviceRecord('shop', 'node-svc', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const slice = manualSlice('shop', 'node-svc-1', 'node-svc', {
      ports: [{ name: 'http', port: 80 }],
      endpoints: [{ addresses: ['192.168.49.9'] }],
    });
    assert.deepEqual(
      codes(
        diagnose(
          snapshotOf({ services: [svc], pods: hostPods, endpointSlices: [slice] }),
          'shop',
          'node-svc',
        ),
      ),
      ['healthy'],
    );
  });

  it('one hostNetwork pod of another namespace on the address, Nodes not visible: not "foreign"', () => {
    // A viewer who may not list Nodes sees no node IPs; the pod's own flag says the IP is its node's.
    const svc = serviceRecord('shop', 'node-svc', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const slice = manualSlice('shop', 'node-svc-1', 'node-svc', {
      ports: [{ name: 'http', port: 80 }],
      endpoints: [{ addresses: ['192.168.49.9'] }],
    });
    const exporter = (hostNetwork: boolean) => {
      const pod = podRecord('monitoring', 'node-exporter-a', { ip: '192.168.49.9' });
      if (hostNetwork) pod.hostNetwork = true;
      return pod;
    };
    const judged = (hostNetwork: boolean) =>
      codes(
        diagnose(
          snapshotOf({ services: [svc], pods: [exporter(hostNetwork)], endpointSlices: [slice] }),
          'shop',
          'node-svc',
        ),
      );
    assert.deepEqual(judged(true), ['healthy']);
    // The same pod without the flag is a pod IP of another namespace, as before.
    assert.deepEqual(judged(false), ['endpoint-address-foreign-pod-ip']);
  });
});
