import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDnsChecker, recordedDnsChecker } from './dns';

describe('createDnsChecker', () => {
  it('answers RFC 6761 reserved names locally, without a lookup', async () => {
    let lookups = 0;
    const checker = createDnsChecker({
      simulated: false,
      lookup: async () => {
        lookups += 1;
        return ['192.0.2.1'];
      },
    });
    const result = await checker.resolve('billing.invalid');
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /never resolves/);
    assert.equal(lookups, 0);
  });

  it('reports NXDOMAIN from the resolver in plain words', async () => {
    const checker = createDnsChecker({
      simulated: false,
      lookup: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND db.corp'), { code: 'ENOTFOUND' });
      },
    });
    const result = await checker.resolve('db.corp');
    assert.equal(result.ok, false);
    assert.equal(result.error, 'NXDOMAIN: "db.corp" does not resolve');
  });

  it('times out a lookup that never answers', async () => {
    const checker = createDnsChecker({
      simulated: false,
      timeoutMs: 50,
      lookup: () => new Promise(() => {}),
    });
    const result = await checker.resolve('slow.corp');
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /no answer within 50 ms/);
  });

  it('caches results for the TTL and shares one lookup between concurrent callers', async () => {
    let lookups = 0;
    let clock = 0;
    const checker = createDnsChecker({
      simulated: false,
      ttlMs: 1000,
      now: () => clock,
      lookup: async () => {
        lookups += 1;
        return ['192.0.2.7'];
      },
    });
    await Promise.all([checker.resolve('db.corp'), checker.resolve('db.corp')]);
    assert.equal(lookups, 1);
    clock = 500;
    await checker.resolve('db.corp');
    assert.equal(lookups, 1);
    clock = 1500;
    await checker.resolve('db.corp');
    assert.equal(lookups, 2);
    assert.deepEqual(checker.known()['db.corp']?.addresses, ['192.0.2.7']);
  });

  it('looks nothing up on a simulated cluster', async () => {
    let lookups = 0;
    const checker = createDnsChecker({
      simulated: true,
      lookup: async () => {
        lookups += 1;
        return [];
      },
    });
    const result = await checker.resolve('db.example.org');
    assert.equal(result.skipped, true);
    assert.equal(lookups, 0);
  });
});

describe('recordedDnsChecker', () => {
  it("answers a snapshot's own answers and says which names it was not looked up for", async () => {
    const failed = { ok: false, error: 'NXDOMAIN: "x.invalid" does not resolve', checkedAt: 'T0' };
    const checker = recordedDnsChecker({ 'x.invalid': failed }, '2026-12-02T04:40:00.000Z');
    assert.deepEqual(await checker.resolve('x.invalid'), failed);
    assert.deepEqual(await checker.resolve('x.invalid.'), failed);
    assert.deepEqual(await checker.resolve('db.corp'), {
      ok: true,
      skipped: true,
      error: 'not looked up when the snapshot was taken',
      checkedAt: '2026-12-02T04:40:00.000Z',
    });
    assert.deepEqual(recordedDnsChecker(undefined, 'T').known(), {});
  });
});
