/**
 * Test support for the drain spec: a Node stand-in for the browser's EventSource as
 * lib/store/stream-connection.ts uses it — it follows `retry:`, resends `Last-Event-ID`, and on a
 * `reconnect` frame opens a new stream, and asks for the stream protocol version the page speaks
 * (`?v=2`, lib/stream/protocol.ts) — and a round-robin HTTP proxy on 127.0.0.1 in front of
 * several dashboards (what a Service does), which tells the client which one answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STREAM_PROTOCOL_VERSION } from '../lib/stream/protocol';
import { SseParser, type SseMessage } from '../lib/stream/sse';

export interface Received extends SseMessage {
  /** The dashboard port that sent it. */
  backend: string;
}

export class StreamClient {
  readonly received: Received[] = [];
  /** Which dashboard port the current stream comes from. */
  backend = '';
  connections = 0;
  private lastEventId = '';
  private retry = 1000;
  private closed = false;
  private request: http.ClientRequest | undefined;

  private readonly url: string;

  constructor(url: string) {
    const u = new URL(url);
    if (!u.searchParams.has('v')) u.searchParams.set('v', String(STREAM_PROTOCOL_VERSION));
    this.url = u.toString();
  }

  open(): Promise<void> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
      this.connections++;
      const req = http.get(this.url, { headers }, (res) => {
        this.backend = String(res.headers['x-backend'] ?? '');
        const parser = new SseParser();
        let hinted = false;
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          for (const m of parser.push(text)) {
            this.received.push({ ...m, backend: this.backend });
            if (m.lastEventId) this.lastEventId = m.lastEventId;
            if (m.event === 'reconnect') hinted = true;
          }
          if (parser.retry !== undefined) this.retry = parser.retry;
        });
        res.on('end', () => this.again(hinted));
        res.on('error', () => this.again(hinted));
        resolve();
      });
      req.on('error', () => {
        this.again(false);
        resolve();
      });
      this.request = req;
    });
  }

  private again(hinted: boolean): void {
    if (this.closed) return;
    // Like the browser: a hint reconnects within `retry`, spread; a plain end after `retry`.
    const delay = hinted ? this.retry * Math.random() : this.retry;
    setTimeout(() => void this.open(), delay).unref();
  }

  count(event: string, backend?: string): number {
    return this.received.filter((m) => m.event === event && (!backend || m.backend === backend))
      .length;
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }
}

/** Round-robin over `ports`, skipping one that refuses; `x-backend` names the one that answered. */
export async function startRoundRobin(ports: number[]): Promise<{ url: string; close(): void }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const tryAt = (attempt: number) => {
      const port = ports[next++ % ports.length]!;
      const upstream = http.request(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-backend': String(port) });
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (res.headersSent) res.destroy();
        else if (attempt + 1 < ports.length) tryAt(attempt + 1);
        else res.writeHead(502).end();
      });
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
    };
    tryAt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
