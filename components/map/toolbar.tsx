'use client';
/**
 * The map's controls: namespace filter (multi), search (name, `k=v` label or IP), "only
 * problems", the problems list (every broken Service, worst first; a click focuses it), pause /
 * resume of live updates (WCAG 2.2.2), theme, and the write-action slot. State lives in the URL
 * (the island owns it); this component only reports changes.
 */
import { useEffect, useRef, useState } from 'react';
import clsx from 'clsx';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { ServiceNode } from '@/lib/topology/model';
import { HEALTH_TEXT, fmt } from '@/lib/graph/describe';
import { HEALTH_COLOR, HEALTH_GLYPH, cssVar } from '@/components/graph/graph-style';
import { WriteActions } from './write-actions';

export type Theme = 'system' | 'light' | 'dark';

export interface ToolbarProps {
  namespaces: string[];
  selectedNamespaces: string[];
  onNamespaces: (ns: string[]) => void;
  query: string;
  onQuery: (q: string) => void;
  problemsOnly: boolean;
  onProblemsOnly: (v: boolean) => void;
  drawAll: boolean;
  onDrawAll: (v: boolean) => void;
  problems: ServiceNode[];
  diagnoses: Map<string, ServiceDiagnosis>;
  onPickProblem: (serviceId: string) => void;
  paused: boolean;
  pending: number;
  onPaused: (v: boolean) => void;
  theme: Theme;
  onTheme: (t: Theme) => void;
  readOnly: boolean;
  matched: number;
  total: number;
}

function useDismiss(open: boolean, close: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, close]);
  return ref;
}

/** Reasons that only restate the symptom ("routes nowhere"); their cause says more in one line. */
const SYMPTOMS = new Set(['no-endpoints', 'no-ready-endpoints']);

/**
 * The one reason a problems-list row shows: the first cause among the worst-severity reasons
 * (e.g. the selector typo rather than "has no endpoints"), else the worst reason.
 */
function headlineReason(diagnosis: ServiceDiagnosis | undefined) {
  const reasons = diagnosis?.reasons.filter((r) => r.code !== 'healthy') ?? [];
  const worst = reasons[0];
  if (!worst) return undefined;
  return reasons.find((r) => r.severity === worst.severity && !SYMPTOMS.has(r.code)) ?? worst;
}

const buttonClass =
  'h-8 rounded border border-line bg-surface px-2 text-sm hover:bg-surface-2 aria-pressed:bg-surface-2';

export function Toolbar(props: ToolbarProps) {
  const [query, setQuery] = useState(props.query);
  const [nsOpen, setNsOpen] = useState(false);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const nsRef = useDismiss(nsOpen, () => setNsOpen(false));
  const problemsRef = useDismiss(problemsOpen, () => setProblemsOpen(false));
  const { onQuery } = props;

  // Search applies as you type, debounced so a keystroke is not a relayout.
  useEffect(() => {
    if (query === props.query) return;
    const timer = setTimeout(() => onQuery(query), 200);
    return () => clearTimeout(timer);
  }, [query, props.query, onQuery]);

  const nsLabel = props.selectedNamespaces.length
    ? `Namespaces (${props.selectedNamespaces.length})`
    : 'All namespaces';

  return (
    <div
      role="toolbar"
      aria-label="Map controls"
      className="flex flex-wrap items-center gap-2 border-y border-line bg-surface px-4 py-2"
    >
      <div
        ref={nsRef}
        className="relative"
        onKeyDown={(e) => e.key === 'Escape' && setNsOpen(false)}
      >
        <button
          type="button"
          className={buttonClass}
          aria-expanded={nsOpen}
          aria-controls="ns-filter"
          onClick={() => setNsOpen((v) => !v)}
        >
          {nsLabel} ▾
        </button>
        {nsOpen && (
          <fieldset
            id="ns-filter"
            className="absolute z-20 mt-1 max-h-80 w-64 overflow-auto rounded border border-line bg-surface p-2 shadow-lg"
          >
            <legend className="sr-only">Namespaces to show</legend>
            <button
              type="button"
              className="mb-1 text-xs underline"
              onClick={() => props.onNamespaces([])}
            >
              Show all
            </button>
            {props.namespaces.map((ns) => {
              const checked = props.selectedNamespaces.includes(ns);
              return (
                <label key={ns} className="flex min-h-6 items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      props.onNamespaces(
                        checked
                          ? props.selectedNamespaces.filter((n) => n !== ns)
                          : [...props.selectedNamespaces, ns].sort(),
                      )
                    }
                  />
                  {ns}
                </label>
              );
            })}
          </fieldset>
        )}
      </div>
      <label className="flex items-center gap-1 text-sm">
        <span className="sr-only">Search Services by name, label k=v or IP</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search: name, app=web, 10.244.…"
          className="h-8 w-64 rounded border border-line bg-surface px-2 text-sm"
        />
      </label>
      <label className="flex h-8 items-center gap-1 text-sm">
        <input
          type="checkbox"
          checked={props.problemsOnly}
          onChange={(e) => props.onProblemsOnly(e.target.checked)}
        />
        Only problems
      </label>
      <div
        ref={problemsRef}
        className="relative"
        onKeyDown={(e) => e.key === 'Escape' && setProblemsOpen(false)}
      >
        <button
          type="button"
          className={clsx(buttonClass, props.problems.length > 0 && 'border-bad')}
          aria-expanded={problemsOpen}
          aria-controls="problems-list"
          onClick={() => setProblemsOpen((v) => !v)}
        >
          <span aria-hidden="true" className={props.problems.length ? 'text-bad' : 'text-ok'}>
            {props.problems.length ? '✕ ' : '✓ '}
          </span>
          Problems ({fmt(props.problems.length)}) ▾
        </button>
        {problemsOpen && (
          <div
            id="problems-list"
            className="absolute z-20 mt-1 max-h-96 w-96 overflow-auto rounded border border-line bg-surface p-2 shadow-lg"
          >
            {props.problems.length === 0 ? (
              <p className="text-sm">Every Service routes.</p>
            ) : (
              <ul aria-label="Services with problems, worst first" className="space-y-1">
                {props.problems.slice(0, 500).map((s) => {
                  const reason = headlineReason(props.diagnoses.get(s.id));
                  return (
                    <li key={s.id}>
                      <button
                        type="button"
                        className="w-full rounded px-1 py-1 text-left text-sm hover:bg-surface-2"
                        onClick={() => {
                          setProblemsOpen(false);
                          props.onPickProblem(s.id);
                        }}
                      >
                        <span aria-hidden="true" style={{ color: cssVar(HEALTH_COLOR[s.health]) }}>
                          {HEALTH_GLYPH[s.health]}{' '}
                        </span>
                        <span className="font-medium">
                          {s.namespace}/{s.name}
                        </span>{' '}
                        <span className="line-clamp-3 text-muted" title={reason?.summary}>
                          {HEALTH_TEXT[s.health]}
                          {reason ? `: ${reason.summary}` : ''}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        )}
      </div>
      <label
        className="flex h-8 items-center gap-1 text-sm"
        title="Draw every node without grouping (slow on big clusters)"
      >
        <input
          type="checkbox"
          checked={props.drawAll}
          onChange={(e) => props.onDrawAll(e.target.checked)}
        />
        Draw all
      </label>
      <span className="text-xs text-muted" aria-live="off">
        {fmt(props.matched)} of {fmt(props.total)} Services
      </span>
      <span className="flex-1" />
      <WriteActions slot="toolbar" readOnly={props.readOnly} />
      <button
        type="button"
        className={buttonClass}
        aria-pressed={props.paused}
        onClick={() => props.onPaused(!props.paused)}
      >
        {props.paused
          ? `Resume live updates${props.pending ? ` (${fmt(props.pending)} waiting)` : ''}`
          : 'Pause live updates'}
      </button>
      <label className="flex items-center gap-1 text-sm">
        Theme
        <select
          value={props.theme}
          onChange={(e) => props.onTheme(e.target.value as Theme)}
          className="h-8 rounded border border-line bg-surface px-1 text-sm"
        >
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </div>
  );
}
