/**
 * One streamed GET of the watch loop, guarded against a hung peer: every body chunk re-arms the
 * timers. Silence for `quietProbeMs` asks the server whether it is alive (`transport.ping`, when
 * the transport has one): no answer aborts the request with a `HangError` at once — a frozen
 * server. Silence for `hangTimeoutMs` aborts it whatever the ping said — a dead connection to a
 * live server.
 *
 * Contract: resolves when the body ends (or when `onResponse` answers false: the body is not
 * wanted); rejects with the abort reason when aborted (a hang, or the loop stopping), with what
 * `onResponse`/`onText` throw, or when the connection dies before the body ends. `onText` sees
 * the body decoded as UTF-8, split anywhere. No timer outlives the call.
 */
import type http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { errorMessage } from '../error-message';
import type { KubeTransport } from './transport';
import type { Clock } from './watch-timing';

export class HangError extends Error {
  constructor(ms: number, why?: string) {
    super(`no data for ${ms} ms${why ? ` and ${why}` : ''}: connection treated as hung`);
    this.name = 'HangError';
  }
}

export interface GuardedGet {
  transport: KubeTransport;
  clock: Clock;
  hangTimeoutMs: number;
  /** Silence after which the server is pinged (default: never). */
  quietProbeMs?: number;
  /** Aborting it ends the request; the caller keeps it to stop the loop. */
  abort: AbortController;
}

export async function guardedGet(
  { transport, clock, hangTimeoutMs, quietProbeMs, abort }: GuardedGet,
  path: string,
  onResponse: (res: http.IncomingMessage) => Promise<boolean>,
  onText: (text: string) => void,
): Promise<void> {
  let timer: unknown;
  let quietTimer: unknown;
  let settled = false;
  const ping = transport.ping?.bind(transport);
  const probe = () => {
    quietTimer = undefined;
    ping!().then(
      // Alive: ask again after another quiet spell, so a freeze that starts now is noticed too.
      () => {
        if (!settled && !abort.signal.aborted && quietTimer === undefined)
          quietTimer = clock.setTimeout(probe, quietProbeMs!);
      },
      (error: unknown) => {
        if (settled || abort.signal.aborted) return;
        const why = `the server did not answer a liveness check (${errorMessage(error)})`;
        abort.abort(new HangError(quietProbeMs!, why));
      },
    );
  };
  const arm = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => abort.abort(new HangError(hangTimeoutMs)), hangTimeoutMs);
    if (ping && quietProbeMs !== undefined && quietProbeMs < hangTimeoutMs) {
      if (quietTimer !== undefined) clock.clearTimeout(quietTimer);
      quietTimer = clock.setTimeout(probe, quietProbeMs);
    }
  };
  arm();
  try {
    const res = await transport.get(path, abort.signal);
    arm();
    if (!(await onResponse(res))) return;
    const decoder = new StringDecoder('utf8');
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        res.destroy();
        reject(abort.signal.aborted ? abort.signal.reason : err);
      };
      abort.signal.addEventListener('abort', () => fail(abort.signal.reason), { once: true });
      res.on('data', (chunk: Buffer) => {
        arm();
        try {
          onText(decoder.write(chunk));
        } catch (err) {
          fail(err);
        }
      });
      res.on('end', () => {
        try {
          onText(decoder.end());
          resolve();
        } catch (err) {
          fail(err);
        }
      });
      res.on('error', fail);
      // 'close' without 'end': the connection died mid-body.
      res.on('close', () => {
        if (!res.complete) fail(new Error('connection closed before the response ended'));
      });
    });
  } catch (err) {
    throw abort.signal.aborted ? abort.signal.reason : err;
  } finally {
    settled = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    if (quietTimer !== undefined) clock.clearTimeout(quietTimer);
  }
}
