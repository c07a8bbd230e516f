'use client';
/**
 * Diff mode's list (the URL's `?from=&to=`): what changed between the two instants, per Service
 * (lib/history-view/diff-list.ts) — broke, recovered, endpoints added and removed, spec and
 * workload changes with who made them — each with its trail entries and a button that opens the
 * Service on the map. The same Services are marked on the graph (the UI store's `changed`); this
 * list is their accessible twin. The map itself shows the later instant.
 */
import { useEffect, useMemo } from 'react';
import { changeLine, shapeDiff, type DiffVerdict } from '@/lib/history-view/diff-list';
import { instantLabel } from '@/lib/history-view/instant';
import { TrailList } from '@/components/diagnostics/trail-list';
import { Button } from '@/components/ui/button';
import { useMapStores, useServiceRows, useUi } from '@/components/map/map-context';
import { selectService } from '@/components/map/map-actions';
import { backToLive } from './history-actions';
import { IncompleteHistory } from './incomplete-history';
import { useChanges } from './use-changes';

const GLYPH: Record<DiffVerdict, string> = {
  broke: '✖',
  gone: '⊘',
  flapped: '↯',
  recovered: '✔',
  appeared: '✚',
  changed: 'Δ',
};

export function DiffView() {
  const stores = useMapStores();
  const from = useUi((ui) => ui.params.from ?? null);
  const to = useUi((ui) => ui.params.to ?? null);
  const rows = useServiceRows();
  const { changes, error, loading } = useChanges(from, to);
  const list = useMemo(() => (changes ? shapeDiff(changes) : null), [changes]);
  useEffect(() => {
    const changed = list ? new Set(list.map((c) => c.key)) : null;
    stores.ui.update((ui) => ({ ...ui, changed }));
    return () => stores.ui.update((ui) => (ui.changed ? { ...ui, changed: null } : ui));
  }, [list, stores]);
  if (!from || !to) return null;
  const open = (key: string) => {
    for (const row of rows.values())
      if (`${row.namespace}/${row.name}` === key) return selectService(stores, row.id);
  };
  const title = `Changes from ${instantLabel(from, to)} to ${instantLabel(to)}`;
  return (
    <section
      aria-label={title}
      data-testid="diff-view"
      className="max-h-72 overflow-auto border-b border-line bg-surface px-4 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">{title}</h2>
        <span className="text-muted">
          The map shows {instantLabel(to)}; changed Services are framed and tagged “Δ changed”.
        </span>
        <Button onClick={() => backToLive(stores)}>Close the comparison</Button>
      </div>
      {error && (
        <p role="alert" className="text-bad">
          Could not list the changes: {error}
        </p>
      )}
      <IncompleteHistory changes={changes} />
      {loading && !list && <p className="text-muted">Loading the changes…</p>}
      {list && list.length === 0 && <p data-testid="diff-empty">Nothing changed in that time.</p>}
      {list && list.length > 0 && (
        <ul aria-label="Services that changed" className="mt-1 space-y-1">
          {list.map((change) => (
            <li
              key={change.key}
              data-testid="diff-row"
              data-service={change.key}
              data-verdict={change.verdict}
            >
              <div className="flex flex-wrap items-center gap-2">
                <span aria-hidden="true" className="w-4 text-center">
                  {GLYPH[change.verdict]}
                </span>
                <span className="min-w-0 break-words">{changeLine(change)}</span>
                <Button onClick={() => open(change.key)}>Open {change.key}</Button>
              </div>
              {change.entries.length > 0 && (
                <details className="ml-6">
                  <summary className="cursor-pointer text-muted">
                    {change.entries.length} recorded change{change.entries.length === 1 ? '' : 's'}
                  </summary>
                  <TrailList label={`Changes to ${change.key}`} entries={change.entries} />
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
