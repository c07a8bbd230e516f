/**
 * One browser tab of the dashboard server benchmark: an SSE client of `/api/stream` that, like a
 * browser, accepts a gzip-compressed body, and counts the bytes it receives as they came over the
 * wire (`bytes`) and as SSE text after decompression (`frameBytes`), heartbeats excluded; knows
 * when its snapshot has arrived, and reports when a marker string first arrives.
 * `--no-compression` on the benchmark makes it ask for an uncompressed body.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { sleep } from '../tools/process';

export class Tab {
  /** Bytes received on the wire (compressed when the server compressed). */
  bytes = 0;
  /** The same bytes as SSE text (what the server encoded). */
  frameBytes = 0;
  lastDataAt = performance.now();
  snapshotDone = false;
  private tail = '';
  private sawSnapshot = false;
  private waiters: { marker: string; resolve: (t: number) => void }[] = [];
  private req: http.ClientRequest;
  constructor(port: number, compressed = true) {
    const headers = compressed ? { 'accept-encoding': 'gzip' } : {};
    this.req = http.get(`http://127.0.0.1:${port}/api/stream?v=2`, { headers }, (res) => {
      if (res.headers['content-encoding'] === 'gzip') {
        // Each wire chunk is one flush of the server's compressor; it is counted once its text
        // is out, so a heartbeat's chunk (': hb') can be left out as it is without compression.
        const gunzip = zlib.createGunzip();
        let text = '';
        gunzip.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        let chain = Promise.resolve();
        res.on('data', (chunk: Buffer) => {
          const now = performance.now();
          chain = chain.then(
            () =>
              new Promise<void>((resolve) => {
                gunzip.write(chunk, () => {
                  const out = text;
                  text = '';
                  this.received(out, chunk.byteLength, now);
                  resolve();
                });
              }),
          );
        });
      } else {
        res.setEncoding('utf8');
        res.on('data', (out: string) =>
          this.received(out, Buffer.byteLength(out), performance.now()),
        );
      }
      res.on('error', () => undefined);
    });
    this.req.on('error', () => undefined);
  }
  private received(text: string, wireBytes: number, now: number): void {
    if (text === ': hb\n\n') return;
    this.bytes += wireBytes;
    if (text === '') return;
    this.frameBytes += Buffer.byteLength(text);
    this.lastDataAt = now;
    const window = this.tail + text;
    if (!this.sawSnapshot && window.includes('event: snapshot')) this.sawSnapshot = true;
    if (this.sawSnapshot && !this.snapshotDone && window.includes(']}\n\n'))
      this.snapshotDone = true;
    if (this.waiters.length) {
      this.waiters = this.waiters.filter((w) => {
        if (window.includes(w.marker)) {
          w.resolve(now);
          return false;
        }
        return true;
      });
    }
    this.tail = window.slice(-256);
  }
  waitFor(marker: string): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ marker, resolve }));
  }
  async quiet(ms: number, max = 10_000): Promise<void> {
    const end = performance.now() + max;
    while (performance.now() - this.lastDataAt < ms && performance.now() < end) await sleep(50);
  }
  close(): void {
    this.req.destroy();
  }
}
