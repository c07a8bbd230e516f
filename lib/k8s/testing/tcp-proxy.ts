/**
 * A loopback TCP proxy for fault injection in tests: sits between a client and a server and can
 * drop every connection, go silent (keep sockets open but forward nothing: a hung peer), hold
 * bytes and release them later (requests stay in flight, nothing lost), pass bytes at a throttled
 * rate (a slow path, in order), or refuse connections (the server is "down") and come back on the
 * same port.
 *
 * Test support only; listens on 127.0.0.1 and connects only to the target it was given.
 */
import net from 'node:net';

export type ProxyMode = 'forward' | 'blackhole' | 'hold' | 'slow' | 'refuse';

/** How often a throttled path sends its next share of bytes. */
const SLOW_TICK_MS = 20;

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private mode: ProxyMode = 'forward';
  private readonly held: { to: net.Socket; chunk: Buffer }[] = [];
  /** Bytes waiting on a throttled path, per destination, in order. */
  private readonly slowQueues = new Map<net.Socket, Buffer[]>();
  private slowTimer: NodeJS.Timeout | undefined;
  private bytesPerTick = Infinity;
  /** Sockets whose bytes are swallowed whatever the mode (blackholeOpen). */
  private readonly dead = new WeakSet<net.Socket>();
  /** Connections whose peer closed while bytes to the other side were still held or queued. */
  private readonly deferredCloses = new Set<() => void>();
  port = 0;
  /** Connections accepted so far. */
  connections = 0;
  /** Bytes written on towards the target, back towards clients, and swallowed (for diagnosis). */
  readonly bytes = { up: 0, down: 0, swallowed: 0 };

  /** `scheme` is the target's: bytes pass through, so a client speaks TLS to an https target. */
  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly scheme: 'http' | 'https' = 'http',
  ) {}

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    this.connections++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) => {
      const direction = from === client ? 'up' : 'down';
      from.on('data', (chunk) => {
        if (this.dead.has(from)) {
          this.bytes.swallowed += chunk.length;
          return;
        }
        this.bytes[direction] += chunk.length;
        // Bytes already queued on a throttled path go first, whatever the mode is now.
        if (this.slowQueues.has(to) && this.mode !== 'blackhole') this.enqueue(to, chunk);
        // Blackholed: bytes are swallowed, sockets stay open (a half-dead path).
        else if (this.mode === 'forward') to.write(chunk);
        else if (this.mode === 'slow') this.enqueue(to, chunk);
        // Held: bytes wait, in order, until release() (a slow path, nothing lost).
        else if (this.mode === 'hold') this.held.push({ to, chunk });
        else this.bytes.swallowed += chunk.length;
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    // Bytes still held or queued for a live side are delivered before that side closes (a held
    // response whose server hung up meanwhile must still arrive whole once released).
    const waiting = () =>
      this.held.some((h) => (h.to === client || h.to === upstream) && !h.to.destroyed) ||
      (this.slowQueues.has(client) && !client.destroyed) ||
      (this.slowQueues.has(upstream) && !upstream.destroyed);
    const close = () => {
      if (waiting()) {
        this.deferredCloses.add(close);
        return;
      }
      this.pairs.delete(pair);
      // Bytes written but not yet flushed go out before the FIN; destroy() would drop them.
      for (const socket of [client, upstream]) {
        if (socket.writableLength > 0) socket.end();
        else socket.destroy();
      }
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }

  private enqueue(to: net.Socket, chunk: Buffer): void {
    const queue = this.slowQueues.get(to);
    if (queue) queue.push(chunk);
    else this.slowQueues.set(to, [chunk]);
    this.slowTimer ??= setInterval(() => this.pump(), SLOW_TICK_MS);
  }

  /** Sends each throttled path's share for one tick (everything once no longer slow). */
  private pump(): void {
    const budget =
      this.mode === 'slow' ? this.bytesPerTick : this.mode === 'forward' ? Infinity : 0;
    for (const [to, queue] of this.slowQueues) {
      let left = budget;
      while (queue.length && left > 0) {
        const head = queue[0]!;
        const part = head.subarray(0, Math.min(head.length, left));
        if (!to.destroyed) to.write(part);
        left -= part.length;
        if (part.length === head.length) queue.shift();
        else queue[0] = head.subarray(part.length);
      }
      if (!queue.length || to.destroyed) this.slowQueues.delete(to);
    }
    this.closeDeferred();
    if (!this.slowQueues.size && this.mode !== 'slow') {
      clearInterval(this.slowTimer);
      this.slowTimer = undefined;
    }
  }

  /** Closes what waited for its bytes, once they are written (end() flushes before it closes). */
  private closeDeferred(): void {
    for (const close of [...this.deferredCloses]) {
      this.deferredCloses.delete(close);
      close();
    }
  }

  /** Pass bytes at about `bytesPerSecond` in each direction of each connection, in order. */
  slow(bytesPerSecond: number): void {
    this.mode = 'slow';
    this.bytesPerTick = Math.max(1, Math.round((bytesPerSecond * SLOW_TICK_MS) / 1000));
  }

  /** Destroy every open connection (both sides). */
  dropAll(): void {
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    this.deferredCloses.clear();
    this.slowQueues.clear();
  }

  /** Reset every open connection (a TCP RST both ways, as when a process is killed). */
  resetAll(): void {
    for (const { client, upstream } of [...this.pairs]) {
      reset(client);
      reset(upstream);
    }
    this.pairs.clear();
    this.deferredCloses.clear();
    this.slowQueues.clear();
  }

  /** What the proxy holds now, for a report when something did not converge. */
  describe(): string {
    const queued = [...this.slowQueues.values()].reduce(
      (n, q) => n + q.reduce((m, b) => m + b.length, 0),
      0,
    );
    return `mode ${this.mode}, ${this.pairs.size} open, ${this.connections} accepted, ${this.held.length} chunks held, ${this.slowQueues.size} throttled paths (${queued} B), ${this.deferredCloses.size} deferred closes, bytes up ${this.bytes.up} down ${this.bytes.down} swallowed ${this.bytes.swallowed}, listening ${this.server?.listening ?? false}`;
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  /** Stop forwarding bytes on existing and new connections, keeping sockets open. */
  blackhole(): void {
    this.mode = 'blackhole';
  }

  forward(): void {
    this.mode = 'forward';
  }

  /**
   * The connections open now go dead (their bytes are swallowed, sockets stay open) while new
   * ones work: a path that lost one flow, or a live server behind a dead connection.
   */
  blackholeOpen(): void {
    for (const pair of this.pairs) this.dead.add(pair.client).add(pair.upstream);
  }

  /** Keep every byte from now on, in order, without forwarding it (requests stay in flight). */
  hold(): void {
    this.mode = 'hold';
  }

  /** Forward what was held, then forward as usual. */
  release(): void {
    this.mode = 'forward';
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
    this.closeDeferred();
  }

  /** Close the listener (connect → ECONNREFUSED) and drop all connections. */
  async refuse(): Promise<void> {
    this.mode = 'refuse';
    this.dropAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listen again on the same port after `refuse()`. */
  async restore(): Promise<void> {
    this.mode = 'forward';
    if (!this.server) await this.start(this.port);
  }

  async stop(): Promise<void> {
    this.dropAll();
    clearInterval(this.slowTimer);
    this.slowTimer = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * RST when the socket can still send one, else a plain destroy. A socket whose own side has
 * ended (end() called — Node ends a socket by itself once its peer's FIN arrives) may have its
 * shutdown in flight; resetting it then fails with EINVAL in libuv, and Node 20 still marks the
 * handle as closing without ever closing it: the process, its event loop empty, emits 'exit' and
 * then spins in its teardown for good. A connection not made yet has nothing to reset.
 */
function reset(socket: net.Socket): void {
  if (socket.writableEnded || socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}
