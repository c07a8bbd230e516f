'use client';
/**
 * The map's body, laid out for the width it gets:
 * - wide (≥ 1200 px): problems rail and outline in a column, the graph, the Service panel;
 * - narrower: the rail and outline become a drawer over the graph's left side, opened from the
 *   toolbar ("Outline"; Escape or "Close" shuts it), so the graph keeps the width;
 * - phone (< 640 px): the problems list comes first, full width; the graph opens full-screen on
 *   demand ("Show the graph"), and the panel covers the screen. Nothing is wider than the page.
 */
import clsx from 'clsx';
import { Button } from '@/components/ui/button';
import { GraphPane } from './graph-pane';
import { setGraphOpen, setOutlineOpen } from './map-actions';
import { useMapStores, useUi } from './map-context';
import { OutlinePane } from './outline-pane';
import { ProblemsRail } from './problems-rail';
import { ServicePanelPane } from './service-panel-pane';

export const SIDE_ID = 'map-side';
export const GRAPH_ID = 'map-graph';
/** The outline's landmark: the skip link's target (skip-to-outline.tsx). */
export const OUTLINE_ID = 'map-outline';

export function MapBody() {
  const stores = useMapStores();
  const outlineOpen = useUi((ui) => ui.outlineOpen);
  const graphOpen = useUi((ui) => ui.graphOpen);
  return (
    <main className="relative flex min-h-0 flex-1 max-sm:flex-col max-sm:overflow-y-auto">
      <div
        id={SIDE_ID}
        className={clsx(
          'flex flex-col border-line bg-surface',
          'min-[75rem]:w-[24rem] min-[75rem]:min-w-[16rem] min-[75rem]:shrink min-[75rem]:border-r',
          outlineOpen
            ? 'sm:max-[75rem]:absolute sm:max-[75rem]:inset-y-0 sm:max-[75rem]:left-0 sm:max-[75rem]:z-20 sm:max-[75rem]:w-[24rem] sm:max-[75rem]:max-w-[90%] sm:max-[75rem]:border-r sm:max-[75rem]:shadow-lg'
            : 'sm:max-[75rem]:hidden',
          'max-sm:w-full',
        )}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && outlineOpen) {
            e.stopPropagation();
            setOutlineOpen(stores, false);
          }
        }}
      >
        {outlineOpen && (
          <Button
            size="sm"
            className="m-2 self-end min-[75rem]:hidden"
            onClick={() => setOutlineOpen(stores, false)}
          >
            Close the outline
          </Button>
        )}
        <ProblemsRail className="flex max-h-[45%] min-h-0 flex-col border-b border-line max-sm:max-h-none" />
        <nav
          id={OUTLINE_ID}
          tabIndex={-1}
          aria-label="Outline"
          className={clsx('flex min-h-0 flex-1 flex-col', !outlineOpen && 'max-sm:hidden')}
        >
          <h2 className="px-3 py-2 text-sm font-semibold">Outline</h2>
          <div className="min-h-0 flex-1 max-sm:h-96">
            <OutlinePane />
          </div>
        </nav>
      </div>
      <section
        id={GRAPH_ID}
        aria-label="Graph"
        className={clsx(
          'relative min-w-[16rem] flex-1',
          graphOpen ? 'max-sm:fixed max-sm:inset-0 max-sm:z-30 max-sm:bg-bg' : 'max-sm:hidden',
        )}
      >
        {graphOpen && (
          <Button
            size="sm"
            className="absolute top-2 left-2 z-10 shadow-sm sm:hidden"
            onClick={() => setGraphOpen(stores, false)}
          >
            Close the graph
          </Button>
        )}
        <GraphPane />
      </section>
      <ServicePanelPane />
    </main>
  );
}
