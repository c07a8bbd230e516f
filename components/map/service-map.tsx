'use client';
/**
 * The map's one client island. The server page hands it plain data (the first snapshot from the
 * server cache and the deep-link parameters); from there the SSE stream keeps the store current.
 * It owns the UI state that matters across panes — filters (mirrored into the URL with
 * history.replaceState: no reload, no server round trip), the selected Service, the focused node
 * shared by graph and outline, expanded groups, theme — and derives, per store version, the
 * topology (lib/store/derive.ts) → the drawn graph (lib/graph/view-model.ts) → a stable layout.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ClusterInfo, SyncState } from '@/lib/stream/protocol';
import type { SlimRecord } from '@/lib/topology/records';
import { createClusterStore, initialClusterState } from '@/lib/store/cluster-store';
import { connectStream } from '@/lib/store/stream-connection';
import { createDerivedCache, externalNameKey } from '@/lib/store/derive';
import { useDnsResults } from '@/lib/store/use-dns-results';
import { buildDrawGraph, problemServices } from '@/lib/graph/view-model';
import { layoutGraph, type Layout } from '@/lib/graph/layout';
import { servicePath } from '@/lib/graph/navigation';
import { serializeMapParams, type MapParams } from '@/lib/graph/url-state';
import { GraphView } from '@/components/graph/graph-view';
import { OutlineTree } from '@/components/outline/outline-tree';
import { useAnnouncer } from '@/components/outline/use-announcer';
import { ServicePanel } from '@/components/service-panel/service-panel';
import { StatusBar } from './status-bar';
import { Toolbar, type Theme } from './toolbar';

export interface InitialMapData {
  cluster: ClusterInfo;
  sync: SyncState;
  records: SlimRecord[];
}

export interface ServiceMapProps {
  initial: InitialMapData;
  params: MapParams;
  /** Renderer override (the browser benchmark); default chooses by size. */
  renderer?: 'svg' | 'canvas';
}

const THEME_KEY = 'switchboard.theme';

function applyTheme(theme: Theme) {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function ServiceMap({ initial, params: initialParams, renderer }: ServiceMapProps) {
  const [store] = useState(() =>
    createClusterStore(
      initialClusterState({
        cluster: initial.cluster,
        sync: initial.sync,
        records: initial.records,
      }),
    ),
  );
  useEffect(() => connectStream(store), [store]);
  useEffect(() => {
    // For tests and the benchmark: the page instruments frames after each applied batch.
    (window as unknown as { __switchboardStore?: typeof store }).__switchboardStore = store;
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  const [derive] = useState(createDerivedCache);
  const externalNames = useMemo(() => externalNameKey(state.records), [state.records]);
  const dnsResults = useDnsResults(externalNames);
  const view = derive(state, dnsResults);

  const [params, setParams] = useState<MapParams>(initialParams);
  useEffect(() => {
    const search = serializeMapParams(params);
    if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
  }, [params]);
  const update = useCallback(
    (patch: Partial<MapParams>) => setParams((p) => ({ ...p, ...patch })),
    [],
  );

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [fitSignal, setFitSignal] = useState(0);
  const refit = () => setFitSignal((n) => n + 1);

  const onQuery = useCallback(
    (query: string) => {
      update({ query });
      setFitSignal((n) => n + 1);
    },
    [update],
  );

  const selectedServiceId = useMemo(() => {
    if (!params.focus) return null;
    const [ns, name] = params.focus.split('/');
    return view.topology.services.find((s) => s.namespace === ns && s.name === name)?.id ?? null;
  }, [params.focus, view.topology]);
  const [focusedNodeId, setFocusedNodeId] = useState<string | null>(null);
  const effectiveFocus = focusedNodeId ?? selectedServiceId;

  const graph = useMemo(
    () =>
      buildDrawGraph(view.topology, {
        namespaces: params.namespaces,
        query: params.query,
        problemsOnly: params.problemsOnly,
        drawAll: params.drawAll,
        expanded,
        keepServiceId: selectedServiceId ?? undefined,
      }),
    [
      view.topology,
      params.namespaces,
      params.query,
      params.problemsOnly,
      params.drawAll,
      expanded,
      selectedServiceId,
    ],
  );
  // Positions survive updates: each layout starts from the previous one.
  const [layoutState, setLayoutState] = useState<{ graph: typeof graph; layout: Layout } | null>(
    null,
  );
  let layout: Layout;
  if (layoutState && layoutState.graph === graph) layout = layoutState.layout;
  else {
    layout = layoutGraph(graph, layoutState?.layout ?? null);
    setLayoutState({ graph, layout });
  }

  const highlight = useMemo(
    () =>
      selectedServiceId && graph.nodes.has(selectedServiceId)
        ? servicePath(graph, selectedServiceId)
        : null,
    [graph, selectedServiceId],
  );
  const problems = useMemo(() => problemServices(view.topology), [view.topology]);
  const announcement = useAnnouncer(view.topology);

  const selectService = useCallback(
    (serviceId: string | null) => {
      if (!serviceId) return update({ focus: null });
      const svc = view.topology.services.find((s) => s.id === serviceId);
      if (svc) update({ focus: `${svc.namespace}/${svc.name}` });
    },
    [update, view.topology],
  );

  const onActivate = useCallback(
    (id: string) => {
      const node = graph.nodes.get(id);
      if (!node) return;
      if (node.kind === 'endpoint-group' || node.kind === 'namespace-group') {
        setExpanded((prev) => new Set(prev).add(id));
        return;
      }
      if (node.kind === 'service') selectService(id);
      else if (node.block.startsWith('svc:')) selectService(node.block);
    },
    [graph, selectService],
  );

  const [theme, setTheme] = useState<Theme>('system');
  const [systemDark, setSystemDark] = useState(false);
  useEffect(() => {
    const saved = window.localStorage.getItem(THEME_KEY);
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setSystemDark(media.matches);
    media.addEventListener('change', onChange);
    // Reading browser-only state after hydration is the point of this effect.
    /* eslint-disable react-hooks/set-state-in-effect */
    setSystemDark(media.matches);
    if (saved === 'light' || saved === 'dark') setTheme(saved);
    /* eslint-enable react-hooks/set-state-in-effect */
    return () => media.removeEventListener('change', onChange);
  }, []);
  useEffect(() => applyTheme(theme), [theme]);
  const resolvedTheme = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;

  const selectedService = selectedServiceId
    ? view.topology.services.find((s) => s.id === selectedServiceId)
    : undefined;
  const lastError = state.sync?.lastError;
  const noData = state.records.size === 0;

  return (
    <div className="flex h-screen flex-col" data-testid="service-map">
      <StatusBar
        cluster={state.cluster}
        sync={state.sync}
        stream={state.stream}
        paused={state.paused}
        pending={state.pending}
      />
      <Toolbar
        namespaces={view.namespaces}
        selectedNamespaces={params.namespaces}
        onNamespaces={(namespaces) => {
          update({ namespaces });
          refit();
        }}
        query={params.query}
        onQuery={onQuery}
        problemsOnly={params.problemsOnly}
        onProblemsOnly={(problemsOnly) => {
          update({ problemsOnly });
          refit();
        }}
        drawAll={params.drawAll}
        onDrawAll={(drawAll) => {
          update({ drawAll });
          refit();
        }}
        problems={problems}
        diagnoses={view.diagnoses}
        onPickProblem={(id) => {
          setFocusedNodeId(id);
          selectService(id);
        }}
        paused={state.paused}
        pending={state.pending}
        onPaused={(p) => store.setPaused(p)}
        theme={theme}
        onTheme={(t) => {
          setTheme(t);
          if (t === 'system') window.localStorage.removeItem(THEME_KEY);
          else window.localStorage.setItem(THEME_KEY, t);
        }}
        readOnly={state.cluster?.readOnly ?? true}
        matched={graph.matchedServices}
        total={graph.totalServices}
      />
      <main className="flex min-h-0 flex-1">
        <nav
          aria-label="Outline"
          className="flex w-[24rem] min-w-[16rem] shrink flex-col border-r border-line bg-surface"
        >
          <h2 className="px-3 py-2 text-sm font-semibold">Outline</h2>
          <div className="min-h-0 flex-1">
            <OutlineTree
              graph={graph}
              focusedNodeId={effectiveFocus}
              selectedServiceId={selectedServiceId}
              onFocusNode={setFocusedNodeId}
              onActivate={onActivate}
            />
          </div>
        </nav>
        <section aria-label="Graph" className="relative min-w-[16rem] flex-1">
          {noData && lastError ? (
            <div
              role="alert"
              className="m-6 rounded border border-bad bg-surface p-4"
              data-testid="unreachable"
            >
              <h2 className="font-semibold text-bad">The dashboard cannot reach the cluster</h2>
              <p className="mt-1 text-sm">{lastError}</p>
              <p className="mt-1 text-sm text-muted">
                It keeps retrying; the map fills in as soon as the cluster answers.
              </p>
            </div>
          ) : (
            <GraphView
              graph={graph}
              layout={layout}
              highlight={highlight}
              focusedId={effectiveFocus}
              onFocus={setFocusedNodeId}
              onActivate={onActivate}
              themeKey={resolvedTheme}
              fitSignal={fitSignal}
              renderer={renderer}
            />
          )}
        </section>
        {selectedService && (
          <div className="w-[32rem] min-w-[22rem] shrink">
            <ServicePanel
              service={selectedService}
              diagnosis={view.diagnoses.get(selectedService.id)}
              topology={view.topology}
              snapshot={view.snapshot}
              readOnly={state.cluster?.readOnly ?? true}
              onClose={() => selectService(null)}
              onFocusNode={setFocusedNodeId}
            />
          </div>
        )}
      </main>
      <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}
