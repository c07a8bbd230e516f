/**
 * A loopback TCP proxy for fault injection in tests: sits between a client and a server and can
 * drop every connection, go silent (keep sockets open but forward nothing: a hung peer), hold
 * bytes and release them later (requests stay in flight, nothing lost), or refuse connections (the server is "down") and come back on the same port.
 *
 * Test support only; listens on 127.0.0.1 and connects only to the target it was given.
 */
import net from 'node:net';

export type ProxyMode = 'forward' | 'blackhole' | 'hold' | 'refuse';

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private mode: ProxyMode = 'forward';
  private readonly held: { to: net.Socket; chunk: Buffer }[] = [];
  port = 0;
  /** Connections accepted so far. */
  connections = 0;

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
      from.on('data', (chunk) => {
        // Blackholed: bytes are swallowed, sockets stay open (a half-dead path).
        if (this.mode === 'forward') to.write(chunk);
        // Held: bytes wait, in order, until release() (a slow path, nothing lost).
        else if (this.mode === 'hold') this.held.push({ to, chunk });
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }

  /** Destroy every open connection (both sides). */
  dropAll(): void {
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Reset every open connection (a TCP RST both ways, as when a process is killed). */
  resetAll(): void {
    for (const { client, upstream } of [...this.pairs]) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
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

  /** Keep every byte from now on, in order, without forwarding it (requests stay in flight). */
  hold(): void {
    this.mode = 'hold';
  }

  /** Forward what was held, then forward as usual. */
  release(): void {
    this.mode = 'forward';
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
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
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
