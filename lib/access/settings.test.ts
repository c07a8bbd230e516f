/**
 * The access bound: 30 s by default, never more than 60 s, a bad value refused; the cache and
 * the open streams' re-check together stay within it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSettingsFromEnv } from './settings';

test('default 30 s, capped at 60 s, cache plus re-check within the bound', () => {
  const standard = accessSettingsFromEnv({});
  assert.equal(standard.boundMs, 30_000);
  assert.ok(standard.cacheMs + standard.recheckMs <= standard.boundMs);
  assert.equal(accessSettingsFromEnv({ SWITCHBOARD_ACCESS_CACHE_SECONDS: '600' }).boundMs, 60_000);
  assert.equal(accessSettingsFromEnv({ SWITCHBOARD_ACCESS_CACHE_SECONDS: '5' }).boundMs, 5_000);
  for (const bad of ['0', '-1', 'soon']) {
    assert.throws(
      () => accessSettingsFromEnv({ SWITCHBOARD_ACCESS_CACHE_SECONDS: bad }),
      /SWITCHBOARD_ACCESS_CACHE_SECONDS/,
    );
  }
});
