/**
 * The last-change-trigger-time tracker, ported from upstream
 * staging/src/k8s.io/endpointslice/util/trigger_time_tracker_test.go.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../core/types';
import { TriggerTimeTracker } from './trigger-time';

const t = (s: number) =>
  new Date(Date.UTC(2019, 0, 1, 0, 0, s)).toISOString().replace(/\.\d{3}Z$/, 'Z');
const [t0, t1, t2, t3, t4, t5] = [0, 1, 2, 3, 4, 5].map(t) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

const service = (created: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'my-service', namespace: 'ns', creationTimestamp: created },
});
const pod = (name: string, readySince: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns' },
  status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] },
});

describe('TriggerTimeTracker (trigger_time_tracker_test.go)', () => {
  it('TestNewServiceNoPods', () => {
    assert.equal(new TriggerTimeTracker().compute('ns', service(t2), []), t2);
  });

  it('TestNewServiceExistingPods', () => {
    const tracker = new TriggerTimeTracker();
    const pods = [pod('pod1', t0), pod('pod2', t1), pod('pod3', t5)];
    // Pods were created before the service, but the trigger time is the service's creation.
    assert.equal(tracker.compute('ns', service(t3), pods), t3);
  });

  it('TestPodsAdded', () => {
    const tracker = new TriggerTimeTracker();
    assert.equal(tracker.compute('ns', service(t0), []), t0);
    assert.equal(tracker.compute('ns', service(t0), [pod('pod1', t2), pod('pod2', t1)]), t1);
  });

  it('TestPodsUpdated', () => {
    const tracker = new TriggerTimeTracker();
    const svc = service(t0);
    assert.equal(
      tracker.compute('ns', svc, [pod('pod1', t1), pod('pod2', t2), pod('pod3', t3)]),
      t0,
    );
    assert.equal(
      tracker.compute('ns', svc, [pod('pod1', t5), pod('pod2', t2), pod('pod3', t4)]),
      t4,
    );
  });

  it('TestPodsUpdatedNoOp', () => {
    const tracker = new TriggerTimeTracker();
    const svc = service(t0);
    const pods = [pod('pod1', t1), pod('pod2', t2), pod('pod3', t3)];
    assert.equal(tracker.compute('ns', svc, pods), t0);
    // Nothing changed: no trigger time, the annotation is cleared.
    assert.equal(tracker.compute('ns', svc, pods), undefined);
  });

  it('TestPodDeletedThenAdded', () => {
    const tracker = new TriggerTimeTracker();
    const svc = service(t0);
    assert.equal(tracker.compute('ns', svc, [pod('pod1', t1), pod('pod2', t2)]), t0);
    assert.equal(tracker.compute('ns', svc, [pod('pod1', t1)]), undefined);
    assert.equal(tracker.compute('ns', svc, [pod('pod1', t1), pod('pod2', t2)]), t2);
  });

  it('TestServiceDeletedThenAdded', () => {
    const tracker = new TriggerTimeTracker();
    assert.equal(tracker.compute('ns', service(t0), [pod('pod1', t1), pod('pod2', t2)]), t0);
    tracker.deleteService('ns', 'my-service');
    assert.equal(tracker.compute('ns', service(t3), [pod('pod1', t1), pod('pod2', t2)]), t3);
  });

  it('TestServiceUpdatedNoPodChange', () => {
    const tracker = new TriggerTimeTracker();
    const pods = [pod('pod1', t1), pod('pod2', t2)];
    assert.equal(tracker.compute('ns', service(t0), pods), t0);
    // The service's trigger time is its creation, so an update changes nothing.
    assert.equal(tracker.compute('ns', service(t0), pods), undefined);
  });
});
