/**
 * Scope resolution against the embedded cluster with RBAC: SubjectAccessReview answers decide
 * who sees which namespaces, cached per person within the bound (an injected clock, never a
 * real wait), new namespaces checked at once, and a failing review denies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canSee, namespaceKnown, seesNothing } from './scope';
import { ALICE, BOB, CAROL, startRbacCluster, type RbacCluster } from './testing/rbac-cluster';

let rc: RbacCluster;

before(async () => {
  rc = await startRbacCluster();
});

after(async () => {
  await rc?.stop();
});

describe('scope from SubjectAccessReview', () => {
  it('a RoleBinding to view in team-a: team-a only, no Nodes', async () => {
    const scope = await rc.resolver().scopeFor(ALICE);
    assert.equal(scope.everything, false);
    assert.equal(scope.unchecked, undefined);
    for (const kind of ['Service', 'Pod', 'EndpointSlice', 'Endpoints', 'Deployment'] as const) {
      assert.deepEqual(scope.kinds[kind], ['team-a'], kind);
      assert.equal(canSee(scope, kind, 'team-a'), true);
      assert.equal(canSee(scope, kind, 'team-b'), false);
    }
    assert.equal(scope.kinds.Node, undefined);
    // view grants get on namespaces, so the RoleBinding lets her read team-a's Namespace
    // (kubectl get ns team-a), not team-b's.
    assert.deepEqual(scope.kinds.Namespace, ['team-a']);
    assert.equal(canSee(scope, 'Namespace', 'team-a'), true);
    assert.equal(canSee(scope, 'Namespace', 'team-b'), false);
  });

  it('services and endpointslices cluster-wide, not namespaces: no Namespace object, every name', async () => {
    await rc.kubectl(
      'create',
      'clusterrole',
      'svc-lister',
      '--verb=list,watch',
      '--resource=services,endpointslices.discovery.k8s.io',
    );
    await rc.kubectl(
      'create',
      'clusterrolebinding',
      'hank-svc-lister',
      '--clusterrole=svc-lister',
      '--user=hank',
    );
    const scope = await rc.resolver().scopeFor({ username: 'hank', groups: [] });
    assert.equal(scope.kinds.Service, true);
    assert.equal(scope.kinds.EndpointSlice, true);
    assert.equal(scope.kinds.Namespace, undefined);
    for (const ns of ['default', 'team-a', 'team-b']) {
      assert.equal(canSee(scope, 'Namespace', ns), false, `no Namespace object ${ns}`);
      assert.equal(namespaceKnown(scope, ns), true, `the name ${ns} for the filters`);
    }
  });

  it('cluster view through a group: every namespace', async () => {
    const scope = await rc.resolver().scopeFor(BOB);
    for (const kind of ['Service', 'Pod', 'EndpointSlice', 'Namespace', 'Event'] as const) {
      assert.equal(scope.kinds[kind], true, kind);
    }
    assert.equal(canSee(scope, 'Pod', 'team-b'), true);
  });

  it('no binding: nothing, and the page can say so', async () => {
    const scope = await rc.resolver().scopeFor(CAROL);
    assert.deepEqual(scope.kinds, {});
    assert.equal(seesNothing(scope), true);
  });

  it('the same rights share one key, whoever holds them; groups order does not matter', async () => {
    const resolver = rc.resolver();
    const a = await resolver.scopeFor({ username: 'dave', groups: ['x', 'sre'] });
    const b = await resolver.scopeFor({ username: 'erin', groups: ['sre'] });
    assert.equal(a.key, b.key);
    const before = resolver.stats.resolutions;
    await resolver.scopeFor({ username: 'dave', groups: ['sre', 'x'] });
    assert.equal(resolver.stats.resolutions, before, 'the cache line is per person, not per order');
  });

  it('a RoleBinding added shows within the bound (injected clock), not before the cache expires', async () => {
    let now = 1_000_000;
    const resolver = rc.resolver({ clock: () => now, ttlMs: 27_000 });
    const first = await resolver.scopeFor({ username: 'frank', groups: [] });
    assert.equal(canSee(first, 'Service', 'team-b'), false);
    await rc.grantView('frank-view', '--user=frank', 'team-b');
    const reviews = resolver.stats.reviews;
    now += 26_000;
    const cached = await resolver.scopeFor({ username: 'frank', groups: [] });
    assert.equal(cached, first, 'still cached: no review was sent');
    assert.equal(resolver.stats.reviews, reviews);
    now += 1_000;
    const fresh = await resolver.scopeFor({ username: 'frank', groups: [] });
    assert.equal(canSee(fresh, 'Service', 'team-b'), true);
    assert.notEqual(fresh.key, first.key);
  });

  it('a namespace that appears is checked at once, cache or not', async () => {
    const namespaces = ['team-a'];
    const resolver = rc.resolver({ namespaces: () => namespaces, clock: () => 0 });
    const first = await resolver.scopeFor(ALICE);
    assert.deepEqual(first.kinds.Service, ['team-a']);
    await rc.kubectl('create', 'namespace', 'team-c');
    await rc.grantView('alice-view', '--user=alice', 'team-c');
    namespaces.push('team-c');
    const next = await resolver.scopeFor(ALICE);
    assert.deepEqual(next.kinds.Service, ['team-a', 'team-c']);
  });

  it('a review that fails denies and says access could not be checked', async () => {
    const resolver = rc.resolver({
      send: async (request) => {
        if (request.path.includes('subjectaccessreviews')) throw new Error('connection refused');
        return { status: 500, body: undefined };
      },
    });
    const scope = await resolver.scopeFor(BOB);
    assert.deepEqual(scope.kinds, {}, 'nothing granted on a guess');
    assert.match(scope.unchecked ?? '', /could not be checked.*connection refused/);
    const refused = rc.resolver({
      send: async () => ({ status: 403, body: { message: 'forbidden: no reviews for you' } }),
    });
    const denied = await refused.scopeFor(BOB);
    assert.deepEqual(denied.kinds, {});
    assert.match(denied.unchecked ?? '', /HTTP 403: forbidden: no reviews for you/);
  });

  it('bindings to system:authenticated count for a signed-in person, as the cluster counts them', async () => {
    await rc.grantView('everyone-view', '--group=system:authenticated', 'team-b');
    const scope = await rc.resolver().scopeFor({ username: 'gina', groups: [] });
    assert.deepEqual(scope.kinds.Service, ['team-b']);
  });
});
