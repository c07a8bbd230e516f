/**
 * A page load timed without Playwright: Debian chromium driven over its own DevTools pipe
 * (`--remote-debugging-pipe`, JSON messages separated by NUL on file descriptors 3 and 4), with
 * one session on the page and none on its workers.
 *
 * Why: Playwright attaches to every dedicated worker and enables the Network domain there, so
 * Chromium hands each EventSource message a worker receives to DevTools, data included. The
 * map's worker reads a big cluster's snapshot as one event (27.5 MB at `large:25000`); copying
 * it out held the worker for 0.7–1 s after its handler returned, in which it could not hear that
 * the page had painted the top, so the rest of a first picture waited (a plain page and worker
 * show it: bench/README.md). A person's browser has no DevTools attached. Here only the page's
 * own session exists, with Runtime and Page, which see nothing of the stream.
 *
 * Contract: `launchPipeBrowser()` starts chromium; `timeFirstAndWhole(url)` opens a tab at the
 * bench viewport, loads `url` and returns first graph and whole map as `firstAndWholePainted`
 * (bench/browser-page.ts) measures them (the same in-page animation-frame watch, installed
 * before the document's first script), then closes the tab; `close()` ends chromium.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { VIEWPORT } from './browser-page';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/**
 * The watch firstAndWholePainted runs from Playwright, as a script run before the page's own:
 * every animation frame, whether the graph view reports drawn nodes (and no longer `data-rest`);
 * the frame after the one that first saw each is its time.
 */
const WATCH = `(() => {
  const w = window;
  const tick = () => {
    const el = document.querySelector('[data-node-count]');
    const drawn = el !== null && Number(el.getAttribute('data-node-count')) > 0;
    for (const [key, shown] of [['__benchFirst', drawn], ['__benchWhole', drawn && !el.hasAttribute('data-rest')]])
      if (w[key] === undefined && shown) {
        w[key] = null;
        requestAnimationFrame(() => (w[key] = performance.now()));
      }
    if (typeof w.__benchFirst !== 'number' || typeof w.__benchWhole !== 'number') requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

export interface PipeBrowser {
  timeFirstAndWhole(url: string, timeoutMs?: number): Promise<{ first: number; whole: number }>;
  close(): Promise<void>;
}

export async function launchPipeBrowser(
  executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? '/usr/bin/chromium',
): Promise<PipeBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-chromium-'));
  const child = spawn(
    executablePath,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toChromium = child.stdio[3] as Writable;
  const fromChromium = child.stdio[4] as Readable;
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (m: CdpMessage) => void; reject: (e: Error) => void }
  >();
  let buffered = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end)) as CdpMessage;
      buffered = buffered.slice(end + 1);
      const pending = message.id !== undefined ? waiting.get(message.id) : undefined;
      if (!pending) continue;
      waiting.delete(message.id!);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: (m) => resolve(m.result ?? {}), reject });
      toChromium.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  return {
    async timeFirstAndWhole(url, timeoutMs = 180_000) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
        sessionId: string;
      };
      try {
        await send(
          'Emulation.setDeviceMetricsOverride',
          {
            ...VIEWPORT,
            deviceScaleFactor: 1,
            mobile: false,
          },
          sessionId,
        );
        await send('Page.enable', {}, sessionId);
        await send('Page.addScriptToEvaluateOnNewDocument', { source: WATCH }, sessionId);
        await send('Page.navigate', { url }, sessionId);
        const until = Date.now() + timeoutMs;
        while (Date.now() < until) {
          const { result } = (await send(
            'Runtime.evaluate',
            {
              expression: 'JSON.stringify([window.__benchFirst, window.__benchWhole])',
              returnByValue: true,
            },
            sessionId,
          )) as { result?: { value?: string } };
          const [first, whole] = JSON.parse(result?.value ?? '[]') as unknown[];
          if (typeof first === 'number' && typeof whole === 'number') return { first, whole };
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`no whole map within ${timeoutMs} ms at ${url}`);
      } finally {
        await send('Target.closeTarget', { targetId });
      }
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
