'use client';
/**
 * The map's controls: on narrow screens the outline drawer and (phones) the full-screen graph,
 * namespace filter (multi), search (name, `k=v` label or IP), "only
 * problems", the problems list on narrow screens (wide ones have the rail beside the outline), "draw
 * all", the count of matching Services, the write-action slot, pause / resume of live updates
 * (WCAG 2.2.2; not on a recorded snapshot, which never changes, nor while a past instant is shown,
 * when live updates are already held and the history banner's "Back to live" is the control), theme, and who is signed in (components/auth); with several clusters also the
 * cluster chooser and "search all clusters" (components/clusters). Takes no props: each control reads its slice of the page's stores
 * (map-context.tsx) and acts through map-actions.ts; filter state lives in the URL.
 */
import { fmt } from '@/lib/graph/describe';
import { selectPaused, selectPending, selectReadOnly } from '@/lib/store/selectors';
import { SignedInAs } from '@/components/auth/signed-in-as';
import { ClusterChooser } from '@/components/clusters/cluster-chooser';
import { CrossClusterSearch } from '@/components/clusters/cross-cluster-search';
import { WriteActions } from '@/components/external-service-form';
import { Button } from '@/components/ui/button';
import { Checkbox, Select } from '@/components/ui/input';
import {
  setDrawAll,
  setGraphOpen,
  setOutlineOpen,
  setPaused,
  setProblemsOnly,
  setTheme,
} from './map-actions';
import { GRAPH_ID, SIDE_ID } from './map-body';
import { useDrawing, useMapStores, useMirror, useStatus, useUi } from './map-context';
import type { Theme } from './map-state';
import { NamespaceFilter } from './namespace-filter';
import { ProblemsMenu } from './problems-menu';
import { SearchBox } from './search-box';

/** Narrow screens: open the outline drawer; phones: open the graph full-screen. */
function LayoutToggles() {
  const stores = useMapStores();
  const outlineOpen = useUi((ui) => ui.outlineOpen);
  const graphOpen = useUi((ui) => ui.graphOpen);
  return (
    <>
      <Button
        className="min-[75rem]:hidden"
        aria-expanded={outlineOpen}
        aria-controls={SIDE_ID}
        onClick={() => setOutlineOpen(stores, !outlineOpen)}
      >
        Outline
      </Button>
      <Button
        className="sm:hidden"
        aria-expanded={graphOpen}
        aria-controls={GRAPH_ID}
        onClick={() => setGraphOpen(stores, !graphOpen)}
      >
        Show the graph
      </Button>
    </>
  );
}

/** With several clusters: the map's query, searched in every cluster. */
function SearchAllClusters() {
  const query = useUi((ui) => ui.params.query);
  return <CrossClusterSearch query={query} />;
}

function ProblemsOnlyToggle() {
  const stores = useMapStores();
  const checked = useUi((ui) => ui.params.problemsOnly);
  return (
    <Checkbox
      label="Only problems"
      labelClassName="h-8"
      checked={checked}
      onChange={(e) => setProblemsOnly(stores, e.target.checked)}
    />
  );
}

function DrawAllToggle() {
  const stores = useMapStores();
  const checked = useUi((ui) => ui.params.drawAll);
  return (
    <Checkbox
      label="Draw all"
      labelClassName="h-8"
      title="Draw every node without grouping (slow on big clusters)"
      checked={checked}
      onChange={(e) => setDrawAll(stores, e.target.checked)}
    />
  );
}

function ServiceCount() {
  const { graph } = useDrawing();
  return (
    <span className="text-xs text-muted" aria-live="off" data-testid="service-count">
      {fmt(graph.matchedServices)} of {fmt(graph.totalServices)} Services
    </span>
  );
}

function PauseButton() {
  const stores = useMapStores();
  const paused = useStatus(selectPaused);
  const pending = useStatus(selectPending);
  return (
    <Button aria-pressed={paused} onClick={() => setPaused(stores, !paused)}>
      {paused
        ? `Resume live updates${pending ? ` (${fmt(pending)} waiting)` : ''}`
        : 'Pause live updates'}
    </Button>
  );
}

function ThemeSelect() {
  const stores = useMapStores();
  const theme = useUi((ui) => ui.theme);
  return (
    <label className="flex items-center gap-1 text-sm">
      Theme
      <Select
        size="md"
        className="px-1"
        value={theme}
        onChange={(e) => setTheme(stores, e.target.value as Theme)}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </Select>
    </label>
  );
}

export function Toolbar() {
  const readOnly = useStatus(selectReadOnly);
  // A recorded snapshot never changes: there are no live updates to pause.
  const recorded = useStatus((s) => s.cluster?.snapshot !== undefined);
  const past = useMirror((m) => m.history.mode !== 'live');
  return (
    <div
      role="toolbar"
      aria-label="Map controls"
      className="flex flex-wrap items-center gap-2 border-y border-line bg-surface px-4 py-2"
    >
      <LayoutToggles />
      <ClusterChooser />
      <NamespaceFilter />
      <SearchBox />
      <SearchAllClusters />
      <ProblemsOnlyToggle />
      <div className="max-sm:hidden min-[75rem]:hidden">
        <ProblemsMenu />
      </div>
      <DrawAllToggle />
      <ServiceCount />
      <span className="flex-1" />
      <WriteActions slot="toolbar" readOnly={readOnly} />
      {!recorded && !past && <PauseButton />}
      <ThemeSelect />
      <SignedInAs />
    </div>
  );
}
