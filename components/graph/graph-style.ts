/**
 * Visual encoding shared by the SVG and Canvas renderers. Every status has a colour AND a second
 * cue (shape, dash pattern, glyph), so colour is never the only signal (WCAG 1.4.1).
 * Colours are CSS variables (app/globals.css) so both themes work; the canvas resolves them.
 */
import type { HealthState } from '@/lib/topology/model';
import type { DrawCondition } from '@/lib/graph/serving';
import type { DrawEdge, DrawNode } from '@/lib/graph/draw-types';
import type { WorkloadState } from '@/lib/graph/workloads';

export const HEALTH_COLOR: Record<HealthState, string> = {
  healthy: '--sb-ok',
  warning: '--sb-warn',
  broken: '--sb-bad',
  unknown: '--sb-unknown',
};

/** Glyph drawn inside the node (a second cue beside colour). */
export const HEALTH_GLYPH: Record<HealthState, string> = {
  healthy: '✓',
  warning: '!',
  broken: '✕',
  unknown: '?',
};

export const CONDITION_COLOR: Record<DrawCondition, string> = {
  ready: '--sb-ok',
  serving: '--sb-warn',
  terminating: '--sb-warn',
  'not-ready': '--sb-bad',
  'no-port': '--sb-bad',
};

export const CONDITION_GLYPH: Record<DrawCondition, string> = {
  ready: '●',
  serving: '◐',
  terminating: '⊘',
  'not-ready': '○',
  'no-port': '⊗',
};

/** SVG stroke-dasharray; the canvas uses the same numbers. '' = solid. */
export const CONDITION_DASH: Record<DrawCondition, string> = {
  ready: '',
  serving: '6 3',
  terminating: '2 3',
  'not-ready': '6 4',
  'no-port': '1 3',
};

export interface EdgeStyle {
  color: string;
  dash: string;
  width: number;
  title: string;
}

export function edgeStyle(edge: DrawEdge): EdgeStyle {
  switch (edge.kind) {
    case 'selected-not-endpoint':
      return {
        color: '--sb-overlay',
        dash: '3 3',
        width: 1,
        title: 'selected by the Service, not an endpoint',
      };
    case 'endpoint-not-selected':
      return {
        color: '--sb-warn',
        dash: '8 3 2 3',
        width: 1.5,
        title: 'endpoint whose pod the selector does not match',
      };
    case 'external-name':
      return { color: '--sb-external', dash: '1 4', width: 1.5, title: 'ExternalName (DNS)' };
    case 'group':
      return { color: '--sb-edge', dash: '', width: 2, title: 'collapsed endpoints' };
    case 'owns':
      return { color: '--sb-muted', dash: '1 3', width: 1, title: 'owned by this workload' };
    case 'near-miss':
      return {
        color: '--sb-warn',
        dash: '5 4',
        width: 1.25,
        title: `near miss, not selected: ${edge.label ?? 'a label differs'}`,
      };
    case 'routes':
    case 'targets': {
      const condition = edge.condition ?? 'ready';
      return {
        color: CONDITION_COLOR[condition],
        dash: CONDITION_DASH[condition],
        width: condition === 'ready' ? 1.75 : 1.5,
        title:
          condition === 'ready'
            ? 'routes (ready)'
            : condition === 'no-port'
              ? 'no traffic: the endpoint has no port'
              : `routes (${condition})`,
      };
    }
  }
}

export const WORKLOAD_COLOR: Record<WorkloadState, string> = {
  ready: '--sb-ok',
  rolling: '--sb-warn',
  short: '--sb-warn',
  down: '--sb-bad',
};

/** The second cue beside colour: all ready, rolling out, short of ready, none ready. */
export const WORKLOAD_GLYPH: Record<WorkloadState, string> = {
  ready: '✓',
  rolling: '↻',
  short: '!',
  down: '✕',
};

export function nodeColor(node: DrawNode): string {
  switch (node.kind) {
    case 'service':
    case 'namespace-group':
      return HEALTH_COLOR[node.health ?? 'unknown'];
    case 'endpoint':
      return CONDITION_COLOR[node.condition ?? 'ready'];
    case 'pod':
      if (node.pod?.terminating) return '--sb-warn';
      return node.pod?.ready ? '--sb-ok' : '--sb-bad';
    case 'external':
      return '--sb-external';
    case 'ghost':
      return '--sb-unknown';
    case 'workload':
      return WORKLOAD_COLOR[node.workload!.state];
    case 'workload-revision':
      return WORKLOAD_COLOR[node.revision!.state];
    case 'endpoint-group':
      if (node.group && node.group.count > 0 && node.group.ready === 0) return '--sb-bad';
      return node.group && node.group.notReady > 0 ? '--sb-warn' : '--sb-ok';
  }
}

export function nodeGlyph(node: DrawNode): string {
  switch (node.kind) {
    case 'service':
    case 'namespace-group':
      return HEALTH_GLYPH[node.health ?? 'unknown'];
    case 'endpoint':
      return CONDITION_GLYPH[node.condition ?? 'ready'];
    case 'pod':
      return node.pod?.terminating ? '⊘' : node.pod?.ready ? '⬢' : '⬡';
    case 'external':
      return '⇱';
    case 'ghost':
      return '⬡';
    case 'endpoint-group':
      return '≡';
    case 'workload':
      return WORKLOAD_GLYPH[node.workload!.state];
    case 'workload-revision':
      return WORKLOAD_GLYPH[node.revision!.state];
  }
}

export function nodeDash(node: DrawNode): string {
  if (node.kind === 'endpoint') return CONDITION_DASH[node.condition ?? 'ready'];
  if (node.kind === 'pod' && node.overlay) return '3 3';
  if (node.kind === 'ghost') return '5 4';
  if (node.kind === 'pod' && node.pod?.terminating) return '2 3';
  return '';
}

export const cssVar = (name: string) => `var(${name})`;

/** How far a node's box is indented in its slot: breakdown rows sit under their workload. */
export function nodeInset(node: DrawNode): number {
  return node.kind === 'workload-revision' ? 8 : 0;
}

/** Corner radius: pods are pills, workloads and their rows rounder than endpoints. */
export function nodeRadius(node: DrawNode, height: number): number {
  if (node.kind === 'pod' || node.kind === 'ghost') return height / 2;
  if (node.kind === 'workload' || node.kind === 'workload-revision') return 9;
  return node.kind === 'endpoint' ? 2 : 4;
}

/**
 * The browser's value of each colour token, for canvases: cached per call, so call again when the
 * theme changes (`themeKey` only keys the caller's memo). A token's raw text is `light-dark(…)`
 * (or the CSS pipeline's fallback for it), which a canvas cannot parse, so each is resolved as a
 * probe element's computed `color`.
 */
export function resolveColors(_themeKey: string): (name: string) => string {
  const cache = new Map<string, string>();
  return (name) => {
    let value = cache.get(name);
    if (value === undefined) {
      const probe = document.createElement('span');
      probe.style.color = `var(${name}, #888)`;
      probe.hidden = true;
      document.documentElement.appendChild(probe);
      value = getComputedStyle(probe).color || '#888';
      probe.remove();
      cache.set(name, value);
    }
    return value;
  };
}
