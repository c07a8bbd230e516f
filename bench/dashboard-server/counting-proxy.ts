/**
 * A loopback proxy in front of the embedded cluster that reads each request line, so the
 * benchmark can count the watch connections a server holds open upstream. The cluster speaks
 * HTTPS, so the proxy ends TLS with a CA of its own (`caCertificate`, for the client's
 * kubeconfig) and opens TLS to the cluster trusting the cluster's CA.
 */
import type net from 'node:net';
import tls from 'node:tls';
import { loadOrCreateServingCertificates } from '../../emulator/auth/pki/serving-certs';

export class CountingProxy {
  private server: tls.Server | undefined;
  private readonly conns = new Set<{ watch: boolean; a: net.Socket; b: net.Socket }>();
  port = 0;
  watchRequests = 0;
  listRequests = 0;
  /** PEM of the proxy's own CA (set by start()). */
  caCertificate = '';
  constructor(
    private readonly targetPort: number,
    private readonly targetCa: string,
  ) {}
  async start(): Promise<void> {
    const own = await loadOrCreateServingCertificates();
    this.caCertificate = own.caCertificate;
    this.server = tls.createServer({ cert: own.certificateChain, key: own.privateKey }, (a) => {
      const b = tls.connect({ port: this.targetPort, host: '127.0.0.1', ca: this.targetCa });
      const conn = { watch: false, a, b };
      this.conns.add(conn);
      a.on('data', (chunk: Buffer) => {
        const m = /^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP/.exec(
          chunk.subarray(0, 2048).toString('latin1'),
        );
        if (m?.[1] === 'GET') {
          conn.watch = /[?&]watch=(true|1)\b/.test(m[2]!);
          if (conn.watch) this.watchRequests++;
          else this.listRequests++;
        }
        if (!b.write(chunk)) a.pause();
      });
      b.on('drain', () => a.resume());
      b.on('data', (chunk: Buffer) => {
        if (!a.write(chunk)) b.pause();
      });
      a.on('drain', () => b.resume());
      const close = () => {
        this.conns.delete(conn);
        a.destroy();
        b.destroy();
      };
      for (const s of [a, b]) {
        s.on('close', close);
        s.on('error', close);
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }
  get openWatches(): number {
    return [...this.conns].filter((c) => c.watch).length;
  }
  async stop(): Promise<void> {
    for (const c of this.conns) {
      c.a.destroy();
      c.b.destroy();
    }
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
