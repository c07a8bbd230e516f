/**
 * The causes a Service's trail records from two versions of one object: what changed in a
 * Service's spec (selector, ports, type), and whether a pod's label change moved it into or out
 * of a Service's selector.
 *
 * Contract: pure; given the previous and the next slim record of the same uid, returns entries
 * without a time (the history stamps them). `from`/`to` are the display text the panel shows
 * and the diagnosis link quotes (`app=nginx`, `http:80/TCP→8080`), `''` for "none". Selector
 * matching is the dashboard's one rule (lib/topology/selector.ts).
 */
import type { PodRecord, ServicePortRecord, ServiceRecord } from '../topology/records';
import { selectorMatches, selectorToString } from '../topology/selector';
import type { TimelineEntry } from '../api/diagnostics';

type Unstamped<T> = T extends unknown ? Omit<T, 'at'> : never;
export type TrailChange = Unstamped<TimelineEntry>;

function portText(port: ServicePortRecord): string {
  const name = port.name ? `${port.name}:` : '';
  const target = port.targetPort !== undefined ? `→${port.targetPort}` : '';
  const node = port.nodePort !== undefined ? ` (node ${port.nodePort})` : '';
  return `${name}${port.port}/${port.protocol}${target}${node}`;
}

export function portsText(ports: readonly ServicePortRecord[]): string {
  return ports.map(portText).join(', ');
}

/** Spec fields of a Service that changed between two versions, in a fixed order. */
export function serviceSpecChanges(previous: ServiceRecord, next: ServiceRecord): TrailChange[] {
  const out: TrailChange[] = [];
  const selector = [selectorToString(previous.selector), selectorToString(next.selector)];
  if (selector[0] !== selector[1])
    out.push({ type: 'spec', field: 'selector', from: selector[0]!, to: selector[1]! });
  const ports = [portsText(previous.ports), portsText(next.ports)];
  if (ports[0] !== ports[1])
    out.push({ type: 'spec', field: 'ports', from: ports[0]!, to: ports[1]! });
  if (previous.type !== next.type)
    out.push({ type: 'spec', field: 'type', from: previous.type, to: next.type });
  return out;
}

type Labels = Readonly<Record<string, string>> | undefined;

export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => a?.[k] === b?.[k]);
}

/** The labels that differ between two label maps, as `k=v` text before and after. */
export function labelDelta(before: Labels, after: Labels): { from: string; to: string } {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    .filter((k) => before?.[k] !== after?.[k])
    .sort();
  const side = (labels: Labels) =>
    keys.flatMap((k) => (labels?.[k] !== undefined ? [`${k}=${labels[k]}`] : [])).join(',');
  return { from: side(before), to: side(after) };
}

/**
 * The move of a pod in or out of one Service's selector caused by a label change, if any. A
 * selector-less Service selects nothing, so no pod moves for it.
 */
export function podSelectorMove(
  service: ServiceRecord,
  previous: PodRecord,
  next: PodRecord,
): TrailChange | undefined {
  const was = selectorMatches(service.selector, previous.meta.labels);
  const is = selectorMatches(service.selector, next.meta.labels);
  if (was === is) return undefined;
  return {
    type: 'pod-labels',
    pod: next.meta.name,
    move: is ? 'entered' : 'left',
    ...labelDelta(previous.meta.labels, next.meta.labels),
  };
}
