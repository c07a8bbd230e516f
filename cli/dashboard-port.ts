/**
 * The port `serve` and `view` give the dashboard server, and the URL they print for it.
 *
 * Contract:
 * - `parsePort(text)`: an integer 0–65535 written in digits, else undefined (the caller exits 2);
 * - `choosePort(port, host)`: a port other than 0 as given; 0 becomes a free port on `host`,
 *   found by binding it and letting it go. Next's standalone server.js reads
 *   `parseInt(PORT) || 3000`, so PORT=0 would serve on 3000, and the CLI has to know the
 *   number to wait for the server and print where it is; this is the same choice
 *   `switchboard cluster --port 0` makes. Another process could take the port between the two
 *   binds; the server then fails to listen and its exit code is the command's;
 * - `dashboardUrl(host, port)`: `http://host:port`, an IPv6 address in brackets.
 */
import net from 'node:net';

export function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

export function choosePort(port: number, host: string): Promise<number> {
  if (port !== 0) return Promise.resolve(port);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
}

export function dashboardUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
