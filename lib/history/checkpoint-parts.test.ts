/**
 * Migrations 3 and 4 on a database written by migration 2 (PGlite in a temp directory):
 * checkpoints stored as one gzipped JSON blob and facts stored as `jsonb` are still read after the
 * upgrade, every instant exactly, and so are a part in plain JSON lines (as migration 3 wrote
 * them), a part gzipped whole (migration 4) and the parts in blocks written after them; and any
 * subset of a part in blocks is decoded exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Queryable, SqlDriver } from './driver';
import { insertCheckpointParts, packCheckpoint, readCheckpoint } from './checkpoint-parts';
import { StoreJournal } from './journal-store';
import { migrate, MIGRATIONS } from './migrations';
import { openPglite } from './pglite-driver';
import type { JournalFact } from './record-facts';
import { openHistoryStore } from './store';
import { playChurn, sorted } from './testing/journal-cases';

describe('checkpoints and facts written before migration 3', () => {
  let dir: string;
  let driver: SqlDriver;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-history-m3-'));
    driver = await openPglite(dir);
  });
  after(async () => {
    await driver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are read after the upgrade, and so is what is written after it', async () => {
    assert.deepEqual(await migrate(driver, MIGRATIONS.slice(0, 2)), [1, 2]);
    const cluster = 'upgraded';
    const facts: JournalFact[] = [];
    const { truth, end } = playChurn(7, 80, (f) => facts.push(f), 30);
    // As migration 2's store wrote them.
    for (const fact of facts) {
      if (fact.kind === 'checkpoint') {
        await driver.query(
          `INSERT INTO record_checkpoints (cluster, at_ms, count, records) VALUES ($1, $2, $3, $4)`,
          [cluster, fact.time, fact.records.length, gzipSync(JSON.stringify(fact.records))],
        );
      } else {
        await driver.query(
          `INSERT INTO record_facts (cluster, at_ms, kind, uid, version, namespace, name, record)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
          [
            cluster,
            fact.time,
            fact.recordKind,
            fact.uid,
            fact.version,
            fact.namespace,
            fact.name,
            fact.record ? JSON.stringify(fact.record) : null,
          ],
        );
      }
    }
    assert.ok(facts.filter((f) => f.kind === 'checkpoint').length > 1, 'several checkpoints');
    const store = await openHistoryStore(driver, cluster);
    const [{ version } = { version: 0 }] = await driver.query<{ version: number }>(
      'SELECT max(version) AS version FROM history_migrations',
    );
    assert.equal(Number(version), MIGRATIONS.length);
    const journal = new StoreJournal(async () => driver, cluster);
    for (const [time, expected] of truth) {
      const answer = await journal.recordsAt(time);
      assert.ok('records' in answer, `${time} is retained`);
      assert.deepStrictEqual(sorted(answer.records), expected, `at ${time}`);
    }
    const last = truth.get(end)!;
    // A checkpoint in one part of plain JSON lines, as migration 3 wrote them.
    await driver.query(
      `INSERT INTO record_checkpoints (cluster, at_ms, count, records) VALUES ($1, $2, $3, NULL)`,
      [cluster, end + 5, last.length],
    );
    await driver.query(
      `INSERT INTO record_checkpoint_parts (cluster, at_ms, part, kind, count, keys, records)
       VALUES ($1, $2, 0, 'Pod', $3, $4, $5)`,
      [
        cluster,
        end + 5,
        last.length,
        JSON.stringify(last.flatMap((r) => [r.meta.uid, r.meta.resourceVersion])),
        last.map((r) => JSON.stringify(r)).join('\n'),
      ],
    );
    const plain = await journal.recordsAt(end + 5);
    assert.ok('records' in plain);
    assert.deepStrictEqual(sorted(plain.records), last);
    // A checkpoint in one part gzipped whole, as migration 4 wrote them.
    await driver.query(
      `INSERT INTO record_checkpoints (cluster, at_ms, count, records) VALUES ($1, $2, $3, NULL)`,
      [cluster, end + 7, last.length],
    );
    await driver.query(
      `INSERT INTO record_checkpoint_parts (cluster, at_ms, part, kind, count, keys, records, gzipped)
       VALUES ($1, $2, 0, 'Pod', $3, $4, $5, true)`,
      [
        cluster,
        end + 7,
        last.length,
        JSON.stringify(last.flatMap((r) => [r.meta.uid, r.meta.resourceVersion])),
        gzipSync(last.map((r) => JSON.stringify(r)).join('\n')).toString('base64'),
      ],
    );
    const gzipped = await journal.recordsAt(end + 7);
    assert.ok('records' in gzipped);
    assert.deepStrictEqual(sorted(gzipped.records), last);
    // A checkpoint in parts compressed in blocks after the old ones.
    await store.write([{ kind: 'checkpoint', time: end + 10, records: last }]);
    const parts = await driver.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM record_checkpoint_parts WHERE cluster = $1`,
      [cluster],
    );
    assert.ok(Number(parts[0]?.n) > 0, 'the new checkpoint is in parts');
    const [blocks] = await driver.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM record_checkpoint_parts
        WHERE cluster = $1 AND at_ms = $2 AND blocks IS NOT NULL`,
      [cluster, end + 10],
    );
    assert.ok(Number(blocks?.n) > 0, 'in blocks');
    const answer = await journal.recordsAt(end + 10);
    assert.ok('records' in answer);
    assert.deepStrictEqual(sorted(answer.records), last);
    // Retention at the new checkpoint drops the old blobs and keeps the instant.
    await store.enforceRetention(end + 10);
    const [old] = await driver.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM record_checkpoints WHERE cluster = $1 AND records IS NOT NULL`,
      [cluster],
    );
    assert.equal(Number(old?.n), 0);
    const kept = await journal.recordsAt(end + 10);
    assert.ok('records' in kept);
    assert.deepStrictEqual(sorted(kept.records), last);
  });
});

describe('a checkpoint part in blocks', () => {
  let dir: string;
  let driver: SqlDriver;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-history-blocks-'));
    driver = await openPglite(dir);
    await migrate(driver);
  });
  after(async () => {
    await driver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives exactly the records not held, whichever lines of whichever blocks they are', async () => {
    const facts: JournalFact[] = [];
    const { truth, end } = playChurn(11, 60, (f) => facts.push(f), 1_000_000);
    const records = truth.get(end)!;
    const pods = records.filter((r) => r.kind === 'Pod');
    assert.ok(pods.length > 20, `a part of several blocks (${pods.length} pods)`);
    const packed = await packCheckpoint({ kind: 'checkpoint', time: 1, records });
    await driver.transaction((tx) => insertCheckpointParts(tx, 'blocks', packed));
    const at = { time: 1, count: packed.count };
    const everything = sorted(await readCheckpoint(driver, 'blocks', at));
    assert.deepStrictEqual(everything, sorted(records), 'nothing held: every record decoded');
    // Held: every record but a pattern of positions (the first line, block edges, the last).
    for (const keep of [
      (i: number) => i % 3 !== 0,
      (i: number) => i > 0 && i !== 8 && i !== 9,
      (i: number) => i !== pods.length - 1,
    ]) {
      const held = new Map(pods.filter((_, i) => keep(i)).map((r) => [r.meta.uid, r]));
      const got = await readCheckpoint(driver, 'blocks', at, (kind, uid) =>
        kind === 'Pod' ? held.get(uid) : records.find((r) => r.kind === kind && r.meta.uid === uid),
      );
      assert.deepStrictEqual(sorted(got), sorted(records));
      for (const record of got.filter((r) => r.kind === 'Pod')) {
        if (held.has(record.meta.uid)) assert.equal(record, held.get(record.meta.uid), 'taken');
        else assert.ok(!pods.includes(record), 'decoded from the part');
      }
    }
    const replaced = await readCheckpoint(
      driver,
      'blocks',
      at,
      undefined,
      (kind) => kind === 'Pod',
    );
    assert.deepStrictEqual(
      sorted(replaced),
      sorted(records.filter((r) => r.kind !== 'Pod')),
      'replaced records are left out',
    );
  });
  it("reads a checkpoint's keys once, and again only when its count differs", async () => {
    const facts: JournalFact[] = [];
    const { truth, end } = playChurn(5, 40, (f) => facts.push(f), 1_000_000);
    const records = truth.get(end)!;
    const packed = await packCheckpoint({ kind: 'checkpoint', time: 2, records });
    await driver.transaction((tx) => insertCheckpointParts(tx, 'kept', packed));
    const statements: string[] = [];
    const counting: Queryable = {
      query: <Row>(sql: string, params?: unknown[]) => {
        statements.push(sql);
        return driver.query<Row>(sql, params);
      },
    };
    const keysRead = () => statements.filter((sql) => /SELECT part, kind, keys/.test(sql)).length;
    const at = { time: 2, count: packed.count };
    const first = await readCheckpoint(counting, 'kept', at);
    const second = await readCheckpoint(counting, 'kept', at);
    assert.equal(keysRead(), 1, 'the second rebuild takes the kept keys');
    assert.deepStrictEqual(sorted(second), sorted(records));
    assert.deepStrictEqual(sorted(first), sorted(records));
    await readCheckpoint(counting, 'kept', { time: 2, count: packed.count + 1 });
    assert.equal(keysRead(), 2, 'a checkpoint row of another count is read again');
    // Another database handle (another directory, another server) never gets these keys.
    const other: Queryable = { query: (sql, params) => counting.query(sql, params) };
    await readCheckpoint(other, 'kept', at);
    assert.equal(keysRead(), 3);
  });
});
