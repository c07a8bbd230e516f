'use client';
/**
 * The graph area of the map: the drawn graph, with the selected Service's chain in the focus
 * view (laid out readable beside the panel, the rest dimmed; Escape closes it), greyed out with
 * its health marks hidden while the data is stale (connection-view.ts); or, when the dashboard
 * has never reached the cluster, why the map is empty; or, while records are on their way (a past
 * instant, or a big cluster's first snapshot), which.
 */
import { useCallback, useMemo } from 'react';
import { focusLayout } from '@/lib/graph/focus-layout';
import { servicePath } from '@/lib/graph/navigation';
import { selectHasRecords, selectLastError } from '@/lib/store/selectors';
import { GraphView } from '@/components/graph/graph-view';
import { ReplayCaption } from '@/components/diagnostics/replay-caption';
import { Notice } from '@/components/ui/notice';
import { selectService } from './map-actions';
import {
  selectStaleness,
  useDrawing,
  useEffectiveFocus,
  useMapStores,
  useMirror,
  useNodeActions,
  useStatus,
  useSelectedService,
  useUi,
} from './map-context';
import { resolvedTheme } from './map-state';
import { ClusterText } from '@/components/ui/cluster-text';
import { useChangedServiceIds } from '@/components/history/use-changed-ids';
import { MapLoadingText, useMapLoading } from './map-loading';

export function GraphPane() {
  const hasRecords = useStatus(selectHasRecords);
  const lastError = useStatus(selectLastError);
  const loading = useMapLoading();
  if (loading) return <MapLoadingText loading={loading} className="m-6 text-sm text-muted" />;
  if (hasRecords || !lastError) return <LiveGraph />;
  return (
    <Notice tone="error" className="m-6" data-testid="unreachable">
      <h2 className="font-semibold text-bad">The dashboard cannot reach the cluster</h2>
      <p className="mt-1 text-sm">
        <ClusterText text={lastError} max={500} of="the error reaching the cluster" />
      </p>
      <p className="mt-1 text-sm text-muted">
        It keeps retrying; the map fills in as soon as the cluster answers.
      </p>
    </Notice>
  );
}

function LiveGraph() {
  const stores = useMapStores();
  const { graph, layout } = useDrawing();
  const selectedId = useSelectedService()?.id;
  const focusedId = useEffectiveFocus();
  // The re-fit the pipeline has drawn for (a filter's new drawing arrives after the request).
  const fitSignal = useMirror((m) => m.fitSignal);
  const rest = useMirror((m) => m.drawingRest);
  const themeKey = useUi(resolvedTheme);
  // Primitives, so a status event that changes nothing here does not re-render the graph.
  const staleWhat = useStatus((r) => selectStaleness(r)?.what ?? null);
  const staleSince = useStatus((r) => selectStaleness(r)?.since);
  const stale = useMemo(
    () => (staleWhat ? { what: staleWhat, since: staleSince } : null),
    [staleWhat, staleSince],
  );
  // Diff mode: the changed Services, marked; with none selected, their chains stay bright.
  const marked = useChangedServiceIds(graph);
  const highlight = useMemo(() => {
    if (selectedId && graph.nodes.has(selectedId)) return servicePath(graph, selectedId);
    if (!marked || marked.size === 0) return null;
    const path = new Set<string>();
    for (const id of marked) for (const part of servicePath(graph, id)) path.add(part);
    return path;
  }, [graph, selectedId, marked]);
  // The open Service's chain, laid out beside the rest at readable zoom (focus-layout.ts).
  const focused = useMemo(
    () => (selectedId ? focusLayout(graph, layout, selectedId) : null),
    [graph, layout, selectedId],
  );
  const focus = useMemo(
    () => (focused && selectedId ? { key: selectedId, box: focused.box } : null),
    [focused, selectedId],
  );
  const onEscape = useCallback(() => selectService(stores, null), [stores]);
  const { onFocus, onActivate } = useNodeActions();
  return (
    <>
      <GraphView
        graph={graph}
        layout={focused?.layout ?? layout}
        highlight={highlight}
        focusedId={focusedId}
        onFocus={onFocus}
        onActivate={onActivate}
        themeKey={themeKey}
        fitSignal={fitSignal}
        stale={stale}
        focus={focus}
        onEscape={onEscape}
        marked={marked}
        rest={rest}
      />
      <ReplayCaption />
    </>
  );
}
