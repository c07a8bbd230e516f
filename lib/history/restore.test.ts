/**
 * The trail's half of durable history, without a database: every entry and baseline reaches
 * the sink as a keyed fact, and a trail restored from those facts answers exactly as the one
 * that made them (entries, `stateAt` at every instant, `retainedSince`); what changed while the
 * process was down is recorded at the restart, and re-listed Events are not recorded twice.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from '../diagnostics/service-history';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, objectMeta, serviceRecord } from '../topology/testing/objects';
import type { EventRecord } from '../topology/records';
import type { HistoryFact } from './facts';
import { MemoryFactStore } from './testing/memory-store';
import { answers, playScenario, SERVICE, testClock } from './testing/scenario';

function recorded() {
  const facts: HistoryFact[] = [];
  const clock = testClock();
  const history = new ServiceHistory({ now: clock.now, sink: (f) => facts.push(f) });
  const instants = playScenario(history, clock);
  return { facts, clock, history, instants };
}

describe('durable trail facts', () => {
  it('hands every entry to the sink with its object version and a baseline per Service', () => {
    const { facts, history } = recorded();
    const entries = facts.filter((f) => f.kind === 'entry');
    assert.equal(entries.length, history.entries(...SERVICE).length);
    assert.ok(entries.every((f) => f.sourceUid && f.sourceVersion && f.entryKey));
    const keys = entries.map((f) => [f.sourceUid, f.sourceVersion, f.entryKey].join(' '));
    assert.equal(new Set(keys).size, keys.length, 'keys are unique');
    const baselines = facts.filter((f) => f.kind === 'baseline' && f.service === SERVICE.join('/'));
    assert.ok(baselines.length >= 1);
    const last = baselines[baselines.length - 1]!;
    assert.equal(last.kind === 'baseline' && last.endpoints.length, 2);
  });

  it('a trail restored from the facts answers as the original did', async () => {
    const { facts, history, instants, clock } = recorded();
    const store = new MemoryFactStore();
    await store.write(facts);
    const restored = new ServiceHistory({ now: clock.now });
    restored.restore(await store.load());
    assert.deepEqual(answers(restored, instants), answers(history, instants));
  });

  it('the same facts seen by two replicas are stored once', async () => {
    const store = new MemoryFactStore();
    const first = recorded();
    await store.write(first.facts);
    await store.write(first.facts);
    const { entries } = await store.load();
    assert.equal(entries.length, first.history.entries(...SERVICE).length);
  });

  it('after a restart, changes made while down are recorded and old Events are not repeated', async () => {
    const { facts, clock, instants, history } = recorded();
    const store = new MemoryFactStore();
    await store.write(facts);
    clock.advance(10 * 60_000);
    const more: HistoryFact[] = [];
    const restarted = new ServiceHistory({ now: clock.now, sink: (f) => more.push(f) });
    restarted.restore(await store.load());
    // The first sync after the restart: the Service, one pod fewer, the same Event again.
    const svc = serviceRecord(...SERVICE, { selector: { app: 'nginx' } });
    const pods = deploymentPods('default', 'nginx-deployment', 3, { labels: { app: 'nginx' } });
    const event: EventRecord = {
      kind: 'Event',
      meta: objectMeta('Event', 'default', 'ingress-nginx.1'),
      involved: { kind: 'Service', namespace: 'default', name: 'ingress-nginx' },
      type: 'Warning',
      reason: 'NoEndpoints',
      message: 'the selector matches no pods',
      count: 1,
      lastTimestamp: new Date(instants[instants.length - 1]! - 1000).toISOString(),
    };
    restarted.apply(
      { upserts: [svc, ...pods, ...controllerSlices(svc, pods.slice(2)), event], deletes: [] },
      { initial: true },
    );
    const before = answers(history, instants);
    const after = answers(restarted, instants);
    assert.deepEqual(after.states, before.states, 'what it was before the restart is intact');
    const added = after.entries.slice(before.entries.length);
    assert.ok(added.length > 0 && added.every((e) => e.type === 'endpoint'));
    assert.deepEqual(
      restarted.stateAt(...SERVICE, clock.now()).endpoints.map((e) => e.address),
      [pods[2]!.podIP],
      'the restart diffed the stored endpoints against the cluster',
    );
    assert.equal(after.entries.filter((e) => e.type === 'event').length, 1);
    assert.equal(more.filter((f) => f.kind === 'entry').length, added.length);
  });
});
