/**
 * Page helpers shared by the browser benchmark's two pages (Switchboard's and the d3-force
 * baseline's): a page of the benchmark's viewport, and a scripted pan that records frame times.
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
