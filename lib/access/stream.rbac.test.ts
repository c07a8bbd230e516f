/**
 * The stream as each person may see it, against the embedded cluster with RBAC: a team-a
 * viewer's bytes (snapshot, deltas, resumed replays, status) never hold a team-b name; a cluster
 * viewer sees both; one fan-out per distinct scope; an id of one scope never resumes another;
 * a changed scope moves an open stream to a fresh snapshot of what it now may see.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hub, Subscription } from '../k8s/hub';
import { waitFor } from '../k8s/testing/helpers';
import { SseParser, type SseMessage } from '../stream/sse';
import type { StreamEvent } from '../stream/protocol';
import type { AccessScope } from './scope';
import { keepScopeCurrent } from './stream-scope';
import { ALICE, BOB, startRbacCluster, type RbacCluster } from './testing/rbac-cluster';

let rc: RbacCluster;
let hub: Hub;
let alice: AccessScope;
let bob: AccessScope;
const open: Subscription[] = [];

before(async () => {
  rc = await startRbacCluster();
  hub = await rc.hub();
  const resolver = rc.resolver();
  alice = await resolver.scopeFor(ALICE);
  bob = await resolver.scopeFor(BOB);
});

after(async () => {
  for (const s of open) s.close();
  await rc?.stop();
});

interface Tap {
  text(): string;
  messages: SseMessage[];
  events(): StreamEvent[];
  lastId(): string;
}

function tap(sub: Subscription): Tap {
  open.push(sub);
  const reader = sub.stream.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const messages: SseMessage[] = [];
  let text = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !value) return;
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      messages.push(...parser.push(chunk));
    }
  })();
  return {
    text: () => text,
    messages,
    events: () => messages.map((m) => JSON.parse(m.data) as StreamEvent),
    lastId: () => messages.at(-1)?.lastEventId ?? '',
  };
}

const names = (t: Tap) =>
  t
    .events()
    .flatMap((e) =>
      e.type === 'snapshot'
        ? e.records.map((r) => r.meta.name)
        : e.type === 'delta'
          ? (e.upserts ?? []).map((r) => r.meta.name)
          : [],
    );

/** A frame that deletes something. */
const deletes = (e: StreamEvent) => e.type === 'delta' && (e.deletes?.length ?? 0) > 0;

describe('a stream per scope', () => {
  it('snapshot, deltas, status, resume and rescope never carry what the scope may not see', async () => {
    const a = tap(hub.subscribe({ scope: alice }));
    const b = tap(hub.subscribe({ scope: bob }));
    const a2 = tap(hub.subscribe({ scope: alice }));
    await waitFor('both snapshots', () => names(a).includes('web-team-a') && names(b).length > 0);
    assert.ok(names(b).includes('web-team-b'));
    assert.equal(hub.stats().scopes, 2, 'two tabs of one scope share its fan-out');
    const snapshot = a.events()[0];
    assert.equal(snapshot?.type, 'snapshot');
    if (snapshot?.type === 'snapshot') {
      const services = snapshot.records.filter((r) => r.kind === 'Service').length;
      assert.equal(snapshot.sync.kinds.Service?.count, services, 'counts are what it sees');
      assert.equal(snapshot.records.filter((r) => r.kind === 'Node').length, 0, 'no Nodes');
    }

    await rc.kubectl('create', 'service', 'clusterip', 'db-team-b', '--tcp=5432', '-n', 'team-b');
    await rc.kubectl('create', 'service', 'clusterip', 'db-team-a', '--tcp=5432', '-n', 'team-a');
    await rc.kubectl('delete', 'pod', 'pod-team-b', '-n', 'team-b', '--wait=false');
    await waitFor(
      'the deltas',
      () => names(a).includes('db-team-a') && names(b).includes('db-team-b'),
    );
    await waitFor('the delete', () => b.events().some(deletes));
    assert.ok(!a.events().some(deletes), 'no delete of what it never saw');
    assert.equal(a.text().includes('team-b'), false, a.text().slice(0, 2000));
    // The same frames are shared by both tabs of the scope (encoded once).
    assert.deepEqual(
      a2.messages.slice(1).map((m) => m.data),
      a.messages.slice(1, a2.messages.length).map((m) => m.data),
    );

    // Resume: a's id resumes only within alice's scope, and replays only what alice may see.
    const aliceId = a.lastId();
    const bobId = b.lastId();
    await rc.kubectl('create', 'service', 'clusterip', 'late-team-b', '--tcp=80', '-n', 'team-b');
    await rc.kubectl('create', 'service', 'clusterip', 'late-team-a', '--tcp=80', '-n', 'team-a');
    await waitFor(
      'late services',
      () => names(a).includes('late-team-a') && names(b).includes('late-team-b'),
    );
    const resumedSub = hub.subscribe({ scope: alice, lastEventId: aliceId });
    assert.equal(resumedSub.resumed, true);
    const resumed = tap(resumedSub);
    await waitFor('the replay', () => names(resumed).includes('late-team-a'));
    assert.equal(resumed.events()[0]?.type, 'delta', 'a replay, not a snapshot');
    assert.equal(resumed.text().includes('team-b'), false);

    const crossSub = hub.subscribe({ scope: alice, lastEventId: bobId });
    assert.equal(crossSub.resumed, false, "another scope's id gets a fresh snapshot");
    const cross = tap(crossSub);
    await waitFor('the fresh snapshot', () => cross.events().length > 0);
    assert.equal(cross.events()[0]?.type, 'snapshot');
    assert.equal(cross.text().includes('team-b'), false);
    const bobResumes = hub.subscribe({ scope: bob, lastEventId: bobId });
    assert.equal(bobResumes.resumed, true, 'each scope resumes its own ids');
    tap(bobResumes);
    assert.equal(hub.subscribe({ scope: bob, lastEventId: aliceId }).resumed, false);

    // alice's rights grow: the open stream moves to the new scope with a fresh snapshot.
    const before = a.events().length;
    assert.equal(hub.rescope(open[0]!, bob), true);
    await waitFor('the new snapshot', () =>
      a
        .events()
        .slice(before)
        .some((e) => e.type === 'snapshot'),
    );
    const again = a
      .events()
      .slice(before)
      .find((e) => e.type === 'snapshot');
    assert.ok(again?.type === 'snapshot' && again.records.some((r) => r.meta.name === 'db-team-b'));
  });

  it('an open stream re-checks its scope and a changed one brings a fresh snapshot', async () => {
    const sub = hub.subscribe({ scope: alice });
    const t = tap(sub);
    await waitFor('the first snapshot', () => names(t).includes('web-team-a'));
    let now = alice;
    const stop = keepScopeCurrent(hub, sub, { mode: 'proxy', user: ALICE }, alice, {
      recheckMs: 20,
      scopeOf: async () => now,
    });
    try {
      now = bob;
      await waitFor('the rescoped snapshot', () => names(t).includes('web-team-b'));
      const snapshots = t.events().filter((e) => e.type === 'snapshot').length;
      assert.equal(snapshots, 2);
    } finally {
      stop();
    }
  });
});
