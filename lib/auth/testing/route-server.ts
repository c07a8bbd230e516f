/**
 * Serves route handlers (the `GET`/`POST` a route file exports) over real HTTP on 127.0.0.1,
 * port 0, without Next: for tests where a browser-like client (./oidc-sign-in.ts) must follow
 * redirects from an identity provider back into the dashboard.
 *
 * API: `serveRoutes({ '/api/auth/oidc/login': GET, … })` → `{ url, close() }`. The path is
 * matched exactly (the query is the handler's); any other path answers 404. Requests reach the
 * handler as a `Request` for `url` + path, with the client's headers (so the Host check sees
 * 127.0.0.1:<port>) and body; every `Set-Cookie` of the answer is passed on.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (request: Request) => Promise<Response>;

export interface RouteServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function serveRoutes(routes: Record<string, Handler>): Promise<RouteServer> {
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const handler = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const response = await handler(await toRequest(req, url));
      const headers: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') headers[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) headers['set-cookie'] = cookies;
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function toRequest(req: IncomingMessage, url: URL): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(url, { method: req.method, headers, ...(body ? { body } : {}) });
}
