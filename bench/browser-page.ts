/**
 * Page helpers shared by the browser benchmarks' pages (Switchboard's and the d3-force
 * baseline's): a page of the benchmark's viewport, a scripted pan that records frame times, and
 * when Switchboard's first graph and whole map were painted.
 */
import type { Browser, Page } from '@playwright/test';

export const VIEWPORT = { width: 1600, height: 900 };

/** Runs in the page: drags the element for `duration` ms through d3-zoom, returns rAF deltas. */
export async function scriptedPan(
  page: Page,
  selector: string,
  duration: number,
): Promise<number[]> {
  return page.evaluate(
    async ({ selector, duration }) => {
      const el = document.querySelector(selector)!;
      const rect = el.getBoundingClientRect();
      let x = rect.left + rect.width / 2;
      let y = rect.top + rect.height / 2;
      const fire = (target: EventTarget, type: string) =>
        target.dispatchEvent(
          new MouseEvent(type, {
            bubbles: true,
            cancelable: true,
            clientX: x,
            clientY: y,
            view: window,
            button: 0,
          }),
        );
      fire(el, 'mousedown');
      const deltas: number[] = [];
      await new Promise<void>((resolve) => {
        let last = performance.now();
        const start = last;
        const frame = (now: number) => {
          deltas.push(now - last);
          last = now;
          const t = now - start;
          x += Math.sin(t / 300) * 9;
          y += Math.cos(t / 410) * 7;
          fire(window, 'mousemove');
          if (t < duration) requestAnimationFrame(frame);
          else {
            fire(window, 'mouseup');
            resolve();
          }
        };
        requestAnimationFrame(frame);
      });
      return deltas.slice(1);
    },
    { selector, duration },
  );
}

/** tsx (esbuild keepNames) wraps named inner functions in `__name(...)`; the page needs it too. */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript('window.__name = (f) => f;');
  return page;
}

/**
 * When the map's first graph and its whole map were painted, ms from navigation start: the
 * animation frame after the one in which the graph view was first seen with nodes (the canvas
 * makes its scene in the frame after React commits), and the same once it no longer says
 * `data-rest` (a big map's top is drawn first, the rest after). One poll watches both, so a map
 * drawn whole at once has both at the same frame. Call after `goto`.
 */
export async function firstAndWholePainted(page: Page): Promise<{ first: number; whole: number }> {
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as Record<string, number | null | undefined>;
      const el = document.querySelector('[data-node-count]');
      const drawn = el !== null && Number(el.getAttribute('data-node-count')) > 0;
      for (const [key, shown] of [
        ['__benchFirst', drawn],
        ['__benchWhole', drawn && !el!.hasAttribute('data-rest')],
      ] as const)
        if (w[key] === undefined && shown) {
          w[key] = null;
          requestAnimationFrame(() => (w[key] = performance.now()));
        }
      const { __benchFirst: first, __benchWhole: whole } = w;
      return typeof first === 'number' && typeof whole === 'number' ? { first, whole } : false;
    },
    null,
    { polling: 'raf', timeout: 180_000 },
  );
  return (await handle.jsonValue()) as { first: number; whole: number };
}

/**
 * The frame times of the same scripted drag on a blank page in the same browser: the floor the
 * pan figures are read against. rAF timestamps are coarsened (0.1 ms), so even a page doing
 * nothing prints a p95 one step above the 16.67 ms interval of a 60 Hz frame.
 */
export async function blankPagePan(browser: Browser, duration: number): Promise<number[]> {
  const page = await newPage(browser);
  try {
    await page.setContent('<div id="pad" style="position:fixed;inset:0"></div>');
    // setContent makes no new document, so newPage's init script has not run in it.
    await page.evaluate('window.__name = (f) => f;');
    return await scriptedPan(page, '#pad', duration);
  } finally {
    await page.close();
  }
}
