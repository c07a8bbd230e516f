import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenarioName } from './index';
import { LARGE_MAX_PODS, parseLargeCount, planLarge } from './large-plan';

describe('large:N plan', () => {
  it('places exactly N pods at the 150,000-pod threshold, with the thresholds’ proportions', () => {
    const plan = planLarge(LARGE_MAX_PODS);
    const pods = plan.services.reduce((sum, s) => sum + s.pods, 0);
    assert.equal(pods, LARGE_MAX_PODS);
    // ~N/15 Services (selector ones plus ExternalName and selector-less extras).
    const services = plan.services.length + plan.external.length + plan.manual.length;
    assert.ok(services >= LARGE_MAX_PODS / 20 && services <= LARGE_MAX_PODS / 10, `${services}`);
    // ~N/150 namespaces, all distinct.
    assert.equal(new Set(plan.namespaces).size, plan.namespaces.length);
    assert.ok(plan.namespaces.length >= 900 && plan.namespaces.length <= 1100);
    // ≤ 30 pods per node (≤ 110 is the kubelet's default max).
    assert.ok(plan.nodes * 30 >= LARGE_MAX_PODS);
    assert.ok(plan.nodes <= 5_000, 'at most the 5,000-node threshold');
  });

  it('has Services with more than 1,000 endpoints, up to a 20,000-pod one', () => {
    const sizes = planLarge(LARGE_MAX_PODS)
      .services.map((s) => s.pods)
      .sort((a, b) => b - a);
    assert.equal(sizes[0], 20_000);
    assert.ok(sizes.filter((s) => s > 1_000).length >= 3);
  });

  it('gives every Service a unique name within its namespace', () => {
    const plan = planLarge(30_000);
    const keys = plan.services.map((s) => `${s.namespace}/${s.name}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('includes a few broken Services of each kind, and mostly healthy ones', () => {
    const plan = planLarge(50_000);
    const count = (flavour: string) => plan.services.filter((s) => s.flavour === flavour).length;
    assert.ok(count('selector-typo') > 0);
    assert.ok(count('never-ready') > 0);
    assert.ok(count('undeclared-port') > 0);
    assert.ok(count('healthy') > plan.services.length * 0.9);
    assert.ok(plan.external.length > 0 && plan.manual.length > 0);
  });

  it('scales down to one pod', () => {
    const plan = planLarge(1);
    assert.equal(plan.services.length, 1);
    assert.equal(plan.services[0]?.pods, 1);
    assert.equal(plan.nodes, 1);
  });

  it('rejects counts outside 1..150,000 and non-numbers', () => {
    assert.throws(() => parseLargeCount('0'), /1 to 150000/);
    assert.throws(() => parseLargeCount('150001'), /1 to 150000/);
    assert.throws(() => parseLargeCount('1e3'), /whole number/);
    assert.equal(parseLargeCount('2000'), 2000);
  });
});

describe('scenario names', () => {
  it('knows empty, seed, demo and large:N, and nothing else', () => {
    assert.deepEqual(parseScenarioName('seed'), { kind: 'seed', name: 'seed' });
    assert.deepEqual(parseScenarioName('large:0100'), {
      kind: 'large',
      name: 'large:100',
      pods: 100,
    });
    assert.throws(() => parseScenarioName('Demo'), /unknown scenario "Demo"/);
    assert.throws(() => parseScenarioName('large:'), /whole number/);
  });
});
