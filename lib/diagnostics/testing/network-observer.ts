/**
 * Test support: watches every outgoing TCP connect and DNS lookup of this process at Node's own
 * module boundary (net.Socket#connect, dns.lookup, dns.promises.lookup), lets loopback through
 * and stops anything else before a packet is sent, recording it — so a test can assert that a
 * code path never leaves loopback. Test support only.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { mock } from 'node:test';
import ipaddr from 'ipaddr.js';

export interface NetworkObserver {
  /** Every connect as `host:port` (loopback included), in order. */
  readonly connects: string[];
  /** Every hostname looked up, in order. */
  readonly lookups: string[];
  /** The connects and lookups that would have left loopback (all were stopped). */
  foreign(): string[];
  reset(): void;
  restore(): void;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost') return true;
  return ipaddr.isValid(name) && ipaddr.process(name).range() === 'loopback';
}

/** The target of `socket.connect(...)` in any of its call forms (incl. net's normalized array). */
function connectTarget(args: unknown[]): { host: string; port: string; local: boolean } {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string | null; port?: number | string; path?: unknown };
    // http passes `path: null` beside host and port; only a string path is a local socket.
    if (typeof options.path === 'string') return { host: options.path, port: '', local: true };
    return { host: options.host || 'localhost', port: String(options.port ?? ''), local: false };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first))
    return { host: first, port: '', local: true };
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return { host, port: String(first), local: false };
}

function blocked(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`blocked by the test: ${what} is not loopback`), {
    code: 'EBLOCKED',
  });
}

export function observeNetwork(): NetworkObserver {
  const connects: string[] = [];
  const lookups: string[] = [];
  const stopped: string[] = [];

  const originalConnect = net.Socket.prototype.connect;
  const connectMock = mock.method(
    net.Socket.prototype,
    'connect',
    function (this: net.Socket, ...args: unknown[]) {
      const target = connectTarget(args);
      const where = target.local ? target.host : `${target.host}:${target.port}`;
      connects.push(where);
      if (target.local || isLoopbackHost(target.host)) {
        return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
      }
      stopped.push(`connect ${where}`);
      process.nextTick(() => this.destroy(blocked(where)));
      return this;
    },
  );

  const originalLookup = dns.lookup;
  const lookupMock = mock.method(dns, 'lookup', (hostname: string, ...rest: unknown[]) => {
    lookups.push(hostname);
    if (isLoopbackHost(hostname)) {
      return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
    }
    stopped.push(`lookup ${hostname}`);
    const callback = rest[rest.length - 1] as (error: Error) => void;
    process.nextTick(() => callback(blocked(hostname)));
  });

  const originalPromiseLookup = dns.promises.lookup;
  const promiseLookupMock = mock.method(
    dns.promises,
    'lookup',
    (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      if (isLoopbackHost(hostname)) {
        return (originalPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
      }
      stopped.push(`lookup ${hostname}`);
      return Promise.reject(blocked(hostname));
    },
  );
  // ES modules' named imports of builtins (`import { lookup } from 'node:dns/promises'`) are
  // bindings that follow the builtin object only when told to.
  syncBuiltinESMExports();

  return {
    connects,
    lookups,
    foreign: () => [...stopped],
    reset() {
      connects.length = 0;
      lookups.length = 0;
      stopped.length = 0;
    },
    restore() {
      connectMock.mock.restore();
      lookupMock.mock.restore();
      promiseLookupMock.mock.restore();
      syncBuiltinESMExports();
    },
  };
}
