/**
 * Test support: the controls components/graph/graph-view.tsx draws over the map, as the browser
 * lays them out (measured at 1024×700): the zoom buttons, a column of three 32 px buttons 12 px
 * from the bottom-right corner. For the fit tests (lib/graph/fit.ts).
 */
import type { ControlBox } from '../fit';

export function zoomButtons(view: { width: number; height: number }): ControlBox {
  return {
    left: view.width - 12 - 32,
    top: view.height - 12 - 104,
    right: view.width - 12,
    bottom: view.height - 12,
  };
}

/** The screen box (px) of a box in layout units at transform `t`. */
export function onScreen(
  box: { x: number; y: number; width: number; height: number },
  t: { x: number; y: number; k: number },
): ControlBox {
  const left = box.x * t.k + t.x;
  const top = box.y * t.k + t.y;
  return { left, top, right: left + box.width * t.k, bottom: top + box.height * t.k };
}

export function overlaps(a: ControlBox, b: ControlBox): boolean {
  return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
}
