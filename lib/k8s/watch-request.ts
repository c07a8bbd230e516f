/**
 * One streamed GET of the watch loop, guarded against a hung peer: every body chunk re-arms a
 * timer, and silence for `hangTimeoutMs` aborts the request with a `HangError`.
 *
 * Contract: resolves when the body ends (or when `onResponse` answers false: the body is not
 * wanted); rejects with the abort reason when aborted (a hang, or the loop stopping), with what
 * `onResponse`/`onText` throw, or when the connection dies before the body ends. `onText` sees
 * the body decoded as UTF-8, split anywhere. No timer outlives the call.
 */
import type http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { KubeTransport } from './transport';
import type { Clock } from './watch-timing';

export class HangError extends Error {
  constructor(ms: number) {
    super(`no data for ${ms} ms: connection treated as hung`);
    this.name = 'HangError';
  }
}

export interface GuardedGet {
  transport: KubeTransport;
  clock: Clock;
  hangTimeoutMs: number;
  /** Aborting it ends the request; the caller keeps it to stop the loop. */
  abort: AbortController;
}

export async function guardedGet(
  { transport, clock, hangTimeoutMs, abort }: GuardedGet,
  path: string,
  onResponse: (res: http.IncomingMessage) => Promise<boolean>,
  onText: (text: string) => void,
): Promise<void> {
  let timer: unknown;
  const arm = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => abort.abort(new HangError(hangTimeoutMs)), hangTimeoutMs);
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
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
