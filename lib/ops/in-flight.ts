import 'server-only';
/**
 * Requests in flight in this process, so a drain can wait for them — above all a write, which
 * must finish and be answered rather than be cut off — before the process exits.
 *
 * Contract: `countRequests()` (called once, from the server's start-up hook) makes every HTTP
 * server of the process count a request from its `request` event until its response has been
 * handed to the socket (`finish`) or the connection closed (`close`): the answer is on its way,
 * not merely built. Streams count too; the drain closes them first. Process-wide on globalThis
 * (routes and instrumentation are separate bundles). `inFlightSettled(ms)` resolves true once
 * none is in flight, or false when `ms` pass first.
 */
import http from 'node:http';

interface InFlight {
  count: number;
  waiters: Set<() => void>;
}

const KEY = Symbol.for('switchboard.inFlight');
const COUNTED = Symbol.for('switchboard.inFlight.counted');
type InFlightGlobal = typeof globalThis & { [KEY]?: InFlight };

function state(): InFlight {
  const g = globalThis as InFlightGlobal;
  g[KEY] ??= { count: 0, waiters: new Set() };
  return g[KEY];
}

function settle(s: InFlight): void {
  s.count--;
  if (s.count === 0) for (const w of [...s.waiters]) w();
}

export function countRequests(): void {
  const proto = http.Server.prototype as http.Server & { [COUNTED]?: true };
  if (proto[COUNTED]) return;
  proto[COUNTED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const response = args[1] as http.ServerResponse;
      const s = state();
      s.count++;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        settle(s);
      };
      response.once('finish', end);
      response.once('close', end);
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}

export function inFlightCount(): number {
  return state().count;
}

export function inFlightSettled(timeoutMs: number): Promise<boolean> {
  const s = state();
  if (s.count === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.waiters.delete(waiter);
      resolve(ok);
    };
    const waiter = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    s.waiters.add(waiter);
  });
}
