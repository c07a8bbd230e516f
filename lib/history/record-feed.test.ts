import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache } from '../k8s/cache';
import type { PodRecord } from '../topology/records';
import { syntheticSnapshot } from '../topology/testing/synthetic';
import type { JournalFact } from './record-facts';
import { feedJournal } from './record-feed';

const MINUTE = 60_000;

function fed(options: { everyFacts: number; minFacts?: number }) {
  const cache = new ClusterCache();
  const pods = syntheticSnapshot({ pods: 30 }).pods;
  cache.replace('Pod', pods);
  const facts: JournalFact[] = [];
  const feed = feedJournal(cache, (fact) => facts.push(fact), {
    synced: () => true,
    periodic: true,
    checkpointEveryMs: 10 * MINUTE,
    checkpointEveryFacts: options.everyFacts,
    ...(options.minFacts !== undefined ? { timedCheckpointMinFacts: options.minFacts } : {}),
  });
  let version = 0;
  const change = (count: number) => {
    for (let i = 0; i < count; i++) {
      const pod = cache.get('Pod', pods[i % pods.length]!.meta.uid) as PodRecord;
      cache.apply('MODIFIED', {
        ...pod,
        ready: !pod.ready,
        meta: { ...pod.meta, resourceVersion: `r${++version}` },
      });
    }
  };
  const checkpoints = () => facts.filter((f) => f.kind === 'checkpoint').length;
  return { feed, change, checkpoints, facts, pods };
}

describe('record feed', () => {
  it('takes the timed checkpoint only once enough changes came since the last one', (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const { feed, change, checkpoints, facts } = fed({ everyFacts: 100 });
    assert.equal(checkpoints(), 1, 'the first, once synced');
    t.mock.timers.tick(10 * MINUTE);
    assert.equal(checkpoints(), 1, 'no change since: none');
    change(9);
    t.mock.timers.tick(10 * MINUTE);
    assert.equal(checkpoints(), 1, '9 changes, under a tenth of the count bound: none');
    change(1);
    t.mock.timers.tick(10 * MINUTE);
    assert.equal(checkpoints(), 2, '10 changes: taken');
    const [first, second] = facts.filter((f) => f.kind === 'checkpoint');
    assert.ok(first?.kind === 'checkpoint' && second?.kind === 'checkpoint');
    assert.equal(first.after, undefined, "a process's first checkpoint is always needed");
    assert.equal(second.after, first.time, 'the next one names when the one before was taken');
    t.mock.timers.tick(10 * MINUTE);
    assert.equal(checkpoints(), 2, 'none since: none');
    feed.detach();
  });

  it('takes a checkpoint after the count bound whatever the clock', (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const { feed, change, checkpoints, facts } = fed({ everyFacts: 25, minFacts: 1 });
    change(24);
    assert.equal(checkpoints(), 1);
    change(1);
    assert.equal(checkpoints(), 2);
    assert.equal(facts.at(-1)?.kind, 'checkpoint', 'right after the 25th change');
    change(1);
    t.mock.timers.tick(10 * MINUTE);
    assert.equal(checkpoints(), 3, 'a floor of 1: the timed one after a single change');
    feed.detach();
  });

  it('hands each change over with the record it replaced', () => {
    const { feed, change, facts, pods } = fed({ everyFacts: 1000 });
    change(pods.length + 1);
    const changes = facts.filter((f) => f.kind === 'record');
    // The first change of a pod replaced its listed record; the next one, the first change.
    assert.equal(changes[0]?.replaced, pods[0]);
    assert.equal(changes[pods.length]?.replaced, changes[0]?.record);
    assert.equal(changes[pods.length]?.record?.meta.resourceVersion, `r${pods.length + 1}`);
    feed.detach();
  });
});
