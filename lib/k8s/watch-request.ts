/**
 * One streamed GET of the watch loop, guarded against a hung peer: every body chunk re-arms the
 * timers. Silence for `quietProbeMs` asks the server whether it is alive (`transport.ping`, when
 * the transport has one) and, for a watch, whether it has progress this watch did not deliver
 * (`progress`, e.g. `transport.changedSince` from the watch's resourceVersion). No answer aborts
 * the request with a `HangError` at once — a frozen server; changes the server has and this
 * connection did not bring within `PROGRESS_GRACE_MS` abort it too — a dead connection to a live
 * server. Alive with nothing new: the watch is quiet and healthy, left alone, and asked again
 * after another quiet spell. Silence for `hangTimeoutMs` aborts it whatever the checks said (a
 * backstop longer than the server's bookmark interval, so it never fires on a healthy watch).
 *
 * Contract: resolves when the body ends (or when `onResponse` answers false: the body is not
 * wanted, and `onResponse` has consumed or discarded it); rejects with the abort reason when
 * aborted (a hang, or the loop stopping), with what `onResponse`/`onText` throw, or when the
 * connection dies before the body ends. Whenever it rejects, the response is destroyed: no
 * connection (and no server-side watch) outlives a failed request. `onText` sees
 * the body decoded as UTF-8, split anywhere. No timer outlives the call. */
import type http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { errorMessage } from '../error-message';
import type { KubeTransport } from './transport';
import { PROGRESS_GRACE_MS, type Clock } from './watch-timing';

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
  /** Has the server changes this request should have delivered (asked after a good ping). */
  progress?: (signal: AbortSignal) => Promise<boolean>;
  /** Aborting it ends the request; the caller keeps it to stop the loop. */
  abort: AbortController;
}

export async function guardedGet(
  { transport, clock, hangTimeoutMs, quietProbeMs, progress, abort }: GuardedGet,
  path: string,
  onResponse: (res: http.IncomingMessage) => Promise<boolean>,
  onText: (text: string) => void,
): Promise<void> {
  let timer: unknown;
  let quietTimer: unknown;
  let settled = false;
  const ping = transport.ping?.bind(transport);
  /** Bumped by every chunk: a check answered after newer bytes arrived says nothing. */
  let heard = 0;
  const live = () => !settled && !abort.signal.aborted;
  const probe = () => {
    quietTimer = undefined;
    const asked = heard;
    ping!()
      .then(() => (progress ? progress(abort.signal) : false))
      .then(
        (moved) => {
          if (!live() || asked !== heard) return;
          // Alive with nothing new: ask again after another quiet spell, so a freeze or a change
          // that comes later is noticed too.
          if (!moved) {
            quietTimer = clock.setTimeout(probe, quietProbeMs!);
            return;
          }
          // The server has changes: give them a moment to arrive on this connection too.
          quietTimer = clock.setTimeout(() => {
            quietTimer = undefined;
            if (live() && asked === heard) {
              const why = 'the server has changes this watch did not deliver';
              abort.abort(new HangError(quietProbeMs!, why));
            }
          }, PROGRESS_GRACE_MS);
        },
        (error: unknown) => {
          if (!live() || asked !== heard) return;
          const why = `the server did not answer a liveness check (${errorMessage(error)})`;
          abort.abort(new HangError(quietProbeMs!, why));
        },
      );
  };
  const arm = () => {
    heard++;
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
    let wanted: boolean;
    try {
      wanted = await onResponse(res);
    } catch (err) {
      // A watch's body never ends on its own: left unread, its connection — and the server's
      // watch — would stay open until the server's timeout, one more each time this happens.
      res.destroy();
      throw err;
    }
    if (!wanted) return;
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
      // It may have died while `onResponse` ran (the identity check is a request of its own):
      // its 'close' came before anyone listened, and what it held is gone — never wait on it.
      if (res.destroyed && !res.readableEnded) {
        fail(new Error('connection closed before the response was read'));
      }
    });
  } catch (err) {
    throw abort.signal.aborted ? abort.signal.reason : err;
  } finally {
    settled = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    if (quietTimer !== undefined) clock.clearTimeout(quietTimer);
  }
}
