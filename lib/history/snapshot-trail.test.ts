import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVERYTHING, makeScope } from '../access/scope';
import { ServiceHistory } from '../diagnostics/service-history';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import type { PodRecord, SlimRecord } from '../topology/records';
import { buildSnapshotTrail, storedFromSnapshotTrail } from './snapshot-trail';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-02T02:00:00Z');

/** A cluster whose nginx Service loses a pod's readiness, then the pod, then gains a new one. */
function recordedHour() {
  let now = T0;
  const history = new ServiceHistory({ now: () => now });
  const svc = serviceRecord('default', 'ingress-nginx', { selector: { app: 'nginx' } });
  const pods = deploymentPods('default', 'nginx-deployment', 3, { labels: { app: 'nginx' } });
  const [first, second, third] = pods as [PodRecord, PodRecord, PodRecord];
  const states: { at: number; records: SlimRecord[] }[] = [];
  const step = (at: number, live: PodRecord[], initial = false) => {
    now = at;
    const records: SlimRecord[] = [svc, ...live, ...controllerSlices(svc, live)];
    history.apply({ upserts: records, deletes: [] }, { initial });
    states.push({ at, records });
  };
  step(T0, [first, second], true);
  step(T0 + 30 * MINUTE, [{ ...first, ready: false }, second]);
  step(T0 + 40 * MINUTE, [second]);
  step(T0 + 50 * MINUTE, [second, third]);
  step(T0 + 90 * MINUTE, [{ ...second, ready: false }, third]);
  return { history, states };
}

/** A history restored from the trail, then attached to the records of the instant. */
function restore(trail: ReturnType<typeof buildSnapshotTrail>, at: number, records: SlimRecord[]) {
  const restored = new ServiceHistory({ now: () => at });
  restored.restore(storedFromSnapshotTrail(trail));
  restored.apply({ upserts: records, deletes: [] }, { initial: true });
  return restored;
}

describe('the snapshot trail', () => {
  it('restored at the instant, answers as the history it came from over (since, at]', () => {
    const { history, states } = recordedHour();
    const at = T0 + 95 * MINUTE;
    const since = at - 60 * MINUTE;
    const trail = buildSnapshotTrail(history.entriesBetween(since, at), history, EVERYTHING, {
      since,
      at,
    });
    assert.equal(trail.since, new Date(since).toISOString());
    assert.deepEqual(
      trail.baselines.map((b) => [b.service.name, b.at, b.endpoints.length]),
      [['ingress-nginx', trail.since, 2]],
    );
    const restored = restore(trail, at, states.at(-1)!.records);
    const original = history
      .entries('default', 'ingress-nginx')
      .filter((e) => Date.parse(e.at) > since);
    assert.ok(original.length >= 2, 'the window holds changes');
    assert.deepEqual(restored.entries('default', 'ingress-nginx'), original);
    for (let t = since + MINUTE; t <= at; t += 5 * MINUTE) {
      assert.deepEqual(
        restored.stateAt('default', 'ingress-nginx', t),
        history.stateAt('default', 'ingress-nginx', t),
        `at ${new Date(t).toISOString()}`,
      );
    }
    assert.equal(
      restored.stateAt('default', 'ingress-nginx', since - 1).noData?.reason,
      'before-retained-history',
    );
  });

  it('a Service first seen inside the hour starts at that first observation', () => {
    const { history, states } = recordedHour();
    const at = T0 + 55 * MINUTE;
    const since = at - 60 * MINUTE;
    const trail = buildSnapshotTrail(history.entriesBetween(since, at), history, EVERYTHING, {
      since,
      at,
    });
    assert.deepEqual(
      trail.baselines.map((b) => [b.at, b.endpoints.length]),
      [[new Date(T0).toISOString(), 2]],
    );
    const restored = restore(trail, at, states[3]!.records);
    assert.deepEqual(
      restored.entries('default', 'ingress-nginx'),
      history.entries('default', 'ingress-nginx').filter((e) => Date.parse(e.at) <= at),
    );
    assert.deepEqual(
      restored.stateAt('default', 'ingress-nginx', T0 + 35 * MINUTE),
      history.stateAt('default', 'ingress-nginx', T0 + 35 * MINUTE),
    );
    assert.equal(
      restored.stateAt('default', 'ingress-nginx', T0 - 1).noData?.since,
      new Date(T0).toISOString(),
    );
  });

  it('keeps the newest entries when there are too many, starting where it cut', () => {
    const { history, states } = recordedHour();
    const at = T0 + 95 * MINUTE;
    const since = at - 60 * MINUTE;
    const all = history.entriesBetween(since, at);
    assert.ok(all.length >= 3);
    const trail = buildSnapshotTrail(all, history, EVERYTHING, { since, at, maxEntries: 1 });
    assert.equal(trail.entries.length, 1);
    assert.equal(trail.entries[0]!.at, all.at(-1)!.entry.at);
    assert.equal(trail.since, all.at(-2)!.entry.at);
    assert.equal(trail.baselines[0]!.at, trail.since);
    const restored = restore(trail, at, states.at(-1)!.records);
    const t = Date.parse(trail.since) + 1;
    assert.deepEqual(
      restored.stateAt('default', 'ingress-nginx', t),
      history.stateAt('default', 'ingress-nginx', t),
    );
  });

  it("keeps what the viewer may see: no pod names without pods, nothing of others' namespaces", () => {
    const { history } = recordedHour();
    const at = T0 + 95 * MINUTE;
    const since = at - 60 * MINUTE;
    const items = history.entriesBetween(since, at);
    const endpointsOnly = makeScope({ Service: ['default'], EndpointSlice: ['default'] });
    const trail = buildSnapshotTrail(items, history, endpointsOnly, { since, at });
    assert.ok(trail.entries.length > 0);
    for (const entry of trail.entries) assert.ok(!('pod' in entry), JSON.stringify(entry));
    for (const endpoint of trail.baselines[0]!.endpoints) assert.equal(endpoint.pod, undefined);
    const elsewhere = makeScope({ Service: ['team-a'], EndpointSlice: ['team-a'] });
    assert.deepEqual(buildSnapshotTrail(items, history, elsewhere, { since, at }), {
      since: new Date(since).toISOString(),
      baselines: [],
      entries: [],
    });
  });
});
