/**
 * A deliberately small fake of the kube-apiserver list/watch protocol, for unit tests of the
 * watch loop where exact control is needed (an expiring continue token, HTTP errors on demand).
 * Integration tests use the embedded cluster (emulator/) instead; this fake is not it.
 *
 * Protocol kept (as kube-apiserver serves list and watch): one global RV; paged lists (`limit`, `continue`);
 * watch from an RV with replay from a bounded history, `ERROR` 410 + close when the RV is too
 * old, bookmarks when asked, `timeoutSeconds` honoured; list items without kind/apiVersion.
 * Test support only; listens on 127.0.0.1.
 */
import http from 'node:http';
import type net from 'node:net';
import { randomUUID } from 'node:crypto';

export interface FakeObject {
  metadata: {
    uid: string;
    name: string;
    namespace: string;
    resourceVersion: string;
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

interface HistoryEntry {
  rv: number;
  path: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: FakeObject;
}

interface Watcher {
  path: string;
  res: http.ServerResponse;
  bookmarkKind: string;
}

export interface RequestLog {
  path: string;
  query: URLSearchParams;
  watch: boolean;
}

/** Watch objects carry their kind, as the apiserver's do: derived from the collection path. */
function kindOf(path: string): string {
  const plural = path.split('/').at(-1) ?? '';
  const known: Record<string, string> = {
    services: 'Service',
    pods: 'Pod',
    namespaces: 'Namespace',
    nodes: 'Node',
    endpoints: 'Endpoints',
    endpointslices: 'EndpointSlice',
    events: 'Event',
  };
  return known[plural] ?? 'Object';
}

export class FakeApiServer {
  private server: http.Server | undefined;
  private rv = 100;
  private readonly store = new Map<string, Map<string, FakeObject>>();
  private history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly sockets = new Set<net.Socket>();
  readonly requests: RequestLog[] = [];
  historySize: number;
  bookmarkMs: number | undefined;
  /** Answer the next list request carrying a continue token with HTTP 410. */
  expireNextContinue = false;
  /** Answer the next N requests (list or watch) with this HTTP status. */
  /** The next `count` requests (to `path` only, when given) fail with `status`. */
  failNext: { status: number; count: number; reason?: string; path?: string } | undefined;
  /** Collection paths answered with this HTTP status on every request (e.g. 403 by RBAC). */
  readonly deniedPaths = new Map<string, number>();
  /** Answer the next watch with an HTTP 410 instead of an ERROR event. */
  httpGoneNextWatch = false;
  /** When set, `GET /version` answers this gitVersion (lib/k8s/cluster-identity.ts). */
  gitVersion: string | undefined;
  /**
   * When set, the `kube-system` namespace's uid, answered to the field-selected list that asks
   * which cluster this is (lib/k8s/transport.ts `clusterUid`); change it to act as another cluster.
   */
  clusterUid: string | undefined;
  port = 0;

  constructor(options: { historySize?: number; bookmarkMs?: number } = {}) {
    this.historySize = options.historySize ?? 1000;
    this.bookmarkMs = options.bookmarkMs;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- data --------------------------------------------------------------------------------

  private coll(path: string): Map<string, FakeObject> {
    let m = this.store.get(path);
    if (!m) {
      m = new Map();
      this.store.set(path, m);
    }
    return m;
  }

  private record(path: string, type: HistoryEntry['type'], object: FakeObject): void {
    const entry = { rv: this.rv, path, type, object: structuredClone(object) };
    this.history.push(entry);
    if (this.history.length > this.historySize)
      this.history.splice(0, this.history.length - this.historySize);
    for (const w of this.watchers) {
      if (w.path === path)
        w.res.write(
          JSON.stringify({ type, object: { kind: w.bookmarkKind, ...entry.object } }) + '\n',
        );
    }
  }

  create(
    path: string,
    namespace: string,
    name: string,
    spec: Record<string, unknown> = {},
  ): FakeObject {
    const obj: FakeObject = {
      metadata: { uid: randomUUID(), name, namespace, resourceVersion: String(++this.rv) },
      spec,
    };
    this.coll(path).set(`${namespace}/${name}`, obj);
    this.record(path, 'ADDED', obj);
    return obj;
  }

  update(path: string, namespace: string, name: string, spec: Record<string, unknown>): FakeObject {
    const obj = this.coll(path).get(`${namespace}/${name}`);
    if (!obj) throw new Error(`no ${namespace}/${name}`);
    obj.spec = spec;
    obj.metadata.resourceVersion = String(++this.rv);
    this.record(path, 'MODIFIED', obj);
    return obj;
  }

  remove(path: string, namespace: string, name: string): void {
    const m = this.coll(path);
    const obj = m.get(`${namespace}/${name}`);
    if (!obj) throw new Error(`no ${namespace}/${name}`);
    m.delete(`${namespace}/${name}`);
    obj.metadata.resourceVersion = String(++this.rv);
    this.record(path, 'DELETED', obj);
  }

  list(path: string): FakeObject[] {
    return [...this.coll(path).values()].map((o) => structuredClone(o));
  }

  /** Forget all history: every watch resuming from an older RV now gets 410. */
  compact(): void {
    this.history = [];
    this.compactedAt = this.rv;
  }
  private compactedAt = 0;

  /** Destroy every open connection. */
  dropConnections(): void {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private status(res: http.ServerResponse, code: number, reason: string, message: string): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code,
      }),
    );
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    this.requests.push({ path: url.pathname, query: url.searchParams, watch });
    const failing = this.failNext;
    if (failing && failing.count > 0 && (!failing.path || failing.path === url.pathname)) {
      failing.count--;
      this.status(
        res,
        failing.status,
        failing.reason ?? 'InternalError',
        `injected ${failing.status}`,
      );
      return;
    }
    const denied = this.deniedPaths.get(url.pathname);
    if (denied) {
      this.status(
        res,
        denied,
        denied === 403 ? 'Forbidden' : 'InternalError',
        `${url.pathname} denied`,
      );
      return;
    }
    if (!watch && url.pathname === '/version' && this.gitVersion !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ gitVersion: this.gitVersion }));
      return;
    }
    const kubeSystem =
      url.pathname === '/api/v1/namespaces' &&
      url.searchParams.get('fieldSelector') === 'metadata.name=kube-system';
    if (!watch && kubeSystem && this.clusterUid !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'NamespaceList',
          metadata: { resourceVersion: String(this.rv) },
          items: [{ metadata: { name: 'kube-system', uid: this.clusterUid } }],
        }),
      );
      return;
    }
    if (watch) this.watch(url, res);
    else this.listHandler(url, res);
  }

  private listHandler(url: URL, res: http.ServerResponse): void {
    const cont = url.searchParams.get('continue');
    if (cont && this.expireNextContinue) {
      this.expireNextContinue = false;
      this.status(
        res,
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result.',
      );
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const all = [...this.coll(url.pathname).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    // Token = {rv, lastKey}: later pages are served from current state ("inconsistent continue").
    const state = cont
      ? (JSON.parse(Buffer.from(cont, 'base64').toString()) as { rv: string; key: string })
      : undefined;
    const start = state ? all.findIndex(([k]) => k > state.key) : 0;
    const rest = start < 0 ? [] : all.slice(start);
    const page = limit > 0 ? rest.slice(0, limit) : rest;
    const listRv = state?.rv ?? String(this.rv);
    const more = limit > 0 && rest.length > limit;
    const lastKey = page.at(-1)?.[0] ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: listRv,
          ...(more
            ? {
                continue: Buffer.from(JSON.stringify({ rv: listRv, key: lastKey })).toString(
                  'base64',
                ),
              }
            : {}),
        },
        items: page.map(([, o]) => o),
      }),
    );
  }

  private watch(url: URL, res: http.ServerResponse): void {
    if (this.httpGoneNextWatch) {
      this.httpGoneNextWatch = false;
      this.status(res, 410, 'Expired', 'too old resource version');
      return;
    }
    const path = url.pathname;
    const from = Number(url.searchParams.get('resourceVersion') || this.rv);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const oldest = this.history[0]?.rv ?? this.rv + 1;
    const tooOld = from < this.rv && (from < this.compactedAt || from < oldest - 1);
    if (tooOld) {
      res.end(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${from} (${oldest - 1})`,
            reason: 'Expired',
            code: 410,
          },
        }) + '\n',
      );
      return;
    }
    const kind = kindOf(path);
    for (const e of this.history) {
      if (e.path === path && e.rv > from)
        res.write(JSON.stringify({ type: e.type, object: { kind, ...e.object } }) + '\n');
    }
    const watcher: Watcher = { path, res, bookmarkKind: kind };
    this.watchers.add(watcher);
    const timers: NodeJS.Timeout[] = [];
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
    if (this.bookmarkMs && url.searchParams.get('allowWatchBookmarks') === 'true') {
      timers.push(
        setInterval(() => {
          res.write(
            JSON.stringify({
              type: 'BOOKMARK',
              object: { kind, metadata: { resourceVersion: String(this.rv) } },
            }) + '\n',
          );
        }, this.bookmarkMs),
      );
    }
    res.on('close', () => {
      this.watchers.delete(watcher);
      for (const t of timers) clearTimeout(t);
    });
  }
}
