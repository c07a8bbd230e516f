/**
 * History settings from the environment: memory unless asked, durations and sizes, and a
 * cluster identity that is stable per API server and keeps two clusters apart.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clusterIdentity, historySettings, parseDuration, parseSize } from './settings';

describe('history settings', () => {
  it('is in memory without any variable, or with SWITCHBOARD_NO_HISTORY=1', () => {
    assert.deepEqual(historySettings({}, 'c'), { mode: 'memory' });
    assert.deepEqual(
      historySettings({ SWITCHBOARD_NO_HISTORY: '1', SWITCHBOARD_DATA_DIR: '/d' }, 'c'),
      {
        mode: 'memory',
      },
    );
  });

  it('puts each cluster in a directory of its own, with the default bounds', () => {
    assert.deepEqual(historySettings({ SWITCHBOARD_DATA_DIR: '/d' }, 'c1'), {
      mode: 'pglite',
      dir: join('/d', 'c1'),
      retentionMs: 14 * 86_400_000,
      maxBytes: 1024 ** 3,
    });
    const pg = historySettings({ SWITCHBOARD_DATABASE_URL: 'postgresql://h/db' }, 'c1');
    assert.equal(pg.mode, 'postgres');
  });

  it('reads durations and sizes', () => {
    assert.equal(parseDuration('14d'), 14 * 86_400_000);
    assert.equal(parseDuration('90m'), 5_400_000);
    assert.equal(parseDuration('0s'), undefined);
    assert.equal(parseDuration('14'), undefined);
    assert.equal(parseSize('1GiB'), 1024 ** 3);
    assert.equal(parseSize('500MB'), 500e6);
    assert.equal(parseSize('4096'), 4096);
    assert.equal(parseSize('lots'), undefined);
  });

  it('names a cluster by its API server, readably and stably', () => {
    const a = clusterIdentity('https://10.0.0.1:6443');
    assert.match(a, /^10\.0\.0\.1-6443-[0-9a-f]{12}$/);
    assert.equal(clusterIdentity('https://10.0.0.1:6443'), a);
    assert.notEqual(clusterIdentity('https://10.0.0.1:7443'), a);
    assert.match(clusterIdentity('not a url'), /^cluster-[0-9a-f]{12}$/);
  });
});
