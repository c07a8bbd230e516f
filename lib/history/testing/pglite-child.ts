/**
 * A second process on a PGlite history directory, for store.pglite.test.ts:
 * - `lock DIR`: tries to open it; prints the refusal to stderr and exits 3 when refused;
 * - `burst DIR`: opens it and writes facts as fast as the writer batches them, printing
 *   `confirmed N` after each committed batch (N facts committed so far) and `pushed N` as it
 *   queues, until it is killed.
 * Run with `node --conditions=react-server --import tsx`. Test-only.
 */
import { DirLockedError } from '../dir-lock';
import type { HistoryFact } from '../facts';
import { openPglite } from '../pglite-driver';
import { openHistoryStore } from '../store';
import { HistoryWriter } from '../writer';

const [mode, dir] = process.argv.slice(2);

function fact(i: number): HistoryFact {
  return {
    kind: 'entry',
    service: 'default/burst',
    time: i,
    sourceUid: 'burst-slice',
    sourceVersion: String(i),
    entryKey: 'endpoint:10.0.0.1:changed',
    entry: {
      at: new Date(i).toISOString(),
      type: 'endpoint',
      change: 'changed',
      address: '10.0.0.1',
      from: 'ready',
      to: 'not-ready',
    },
  };
}

async function main(): Promise<void> {
  if (!dir) throw new Error('usage: pglite-child lock|burst DIR');
  if (mode === 'lock') {
    try {
      const driver = await openPglite(dir);
      await driver.close();
      console.log('opened');
    } catch (error) {
      if (!(error instanceof DirLockedError)) throw error;
      console.error(error.message);
      process.exit(3);
    }
    return;
  }
  const store = await openHistoryStore(await openPglite(dir), 'burst');
  let confirmed = 0;
  const writer = new HistoryWriter(
    {
      write: async (facts) => {
        await store.write(facts);
        confirmed += facts.length;
        process.stdout.write(`confirmed ${confirmed}\n`);
      },
    },
    { batchSize: 250, flushMs: 5 },
  );
  let pushed = 0;
  const tick = () => {
    for (let i = 0; i < 100; i += 1) writer.push(fact(pushed++));
    process.stdout.write(`pushed ${pushed}\n`);
    setTimeout(tick, 2);
  };
  tick();
}

void main();
