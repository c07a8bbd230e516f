/**
 * One browser tab of the dashboard server benchmark: an SSE client of `/api/stream` that counts
 * the bytes it receives (heartbeats excluded), knows when its snapshot has arrived, and reports
 * when a marker string first arrives.
 */
import http from 'node:http';
import { sleep } from '../tools/process';

export class Tab {
  bytes = 0;
  lastDataAt = performance.now();
  snapshotDone = false;
  private tail = '';
  private sawSnapshot = false;
  private waiters: { marker: string; resolve: (t: number) => void }[] = [];
  private req: http.ClientRequest;
  constructor(port: number) {
    this.req = http.get(`http://127.0.0.1:${port}/api/stream?v=2`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = performance.now();
        if (text === ': hb\n\n') return;
        this.bytes += Buffer.byteLength(text);
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
      });
      res.on('error', () => undefined);
    });
    this.req.on('error', () => undefined);
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
