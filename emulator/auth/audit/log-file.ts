/**
 * The audit log file (`--audit-log FILE`, kube-apiserver's `--audit-log-path` with the JSON
 * format): one event per line, appended. Writes go through a buffered stream so a request never
 * waits for the disk; `close()` resolves once every line handed over before it is on disk, so a
 * test can stop the cluster and then read exactly what this run did.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEvent } from './event';

export interface AuditSink {
  /** Queues one event; never throws and never blocks the request. */
  process(event: AuditEvent): void;
  /** Flushes what was queued and releases the file. */
  close(): Promise<void>;
}

export async function openAuditLogFile(path: string): Promise<AuditSink> {
  await mkdir(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  let failed = false;
  stream.on('error', (error) => {
    if (!failed) console.error(`emulator: audit log ${path}: ${error.message}; events are dropped`);
    failed = true;
  });
  let closing: Promise<void> | undefined;
  return {
    process(event) {
      if (failed || closing) return;
      stream.write(`${JSON.stringify(event)}\n`);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (failed) {
          stream.destroy();
          resolve();
          return;
        }
        stream.end(() => resolve());
      });
      return closing;
    },
  };
}
