/**
 * What is drawn as a group node instead of one node per object, so a big cluster stays readable
 * and within a drawn-node budget: first every Service's endpoint set above
 * `maxEndpointsPerService` (the open Service's only above 50), then
 * whole namespaces, biggest first, until the budget holds. A collapsed namespace groups only its
 * healthy Services: a Service with a problem is always drawn (even when that leaves the budget
 * exceeded). Groups the user expanded stay open, and so does the focused Service's namespace.
 * Pure and deterministic.
 */
import type { ServiceContext, ViewOptions } from './draw-types';

/**
 * Above this many endpoints a Service's endpoints are one group node summarised by condition
 * ("37 ready · 2 not ready"): one big Service must not fill the screen with identical rows.
 */
export const DEFAULT_MAX_ENDPOINTS = 8;
/** The open Service (focus view) shows its endpoints one by one up to this many. */
const FOCUSED_MAX_ENDPOINTS = 50;
const DEFAULT_MAX_DRAWN = 5000;

export interface Aggregation {
  /** The filtered Services per namespace, in input order. */
  byNamespace: Map<string, ServiceContext[]>;
  collapsedNamespaces: Set<string>;
  /** Whether this Service's endpoints are drawn as one `grp:eps:` node. */
  collapsesEndpoints(ctx: ServiceContext): boolean;
}

export function decideAggregation(
  contexts: readonly ServiceContext[],
  options: ViewOptions,
  namespaceOf: (serviceId: string) => string | undefined,
): Aggregation {
  const maxEndpoints = options.maxEndpointsPerService ?? DEFAULT_MAX_ENDPOINTS;
  const maxDrawn = options.maxDrawnNodes ?? DEFAULT_MAX_DRAWN;
  const expanded = options.expanded ?? new Set<string>();
  const collapsesEndpoints = (ctx: ServiceContext) =>
    !options.drawAll &&
    ctx.endpoints.length >
      (ctx.service.id === options.keepServiceId
        ? Math.max(maxEndpoints, FOCUSED_MAX_ENDPOINTS)
        : maxEndpoints) &&
    !expanded.has(`grp:eps:${ctx.service.id}`);
  // One workload node per (Service, workload), never per pod.
  const costOf = (ctx: ServiceContext) => {
    const workloads = ctx.workloads?.length ?? 0;
    if (collapsesEndpoints(ctx)) return 2 + ctx.overlayPods.length + workloads;
    return 1 + ctx.endpoints.length * 2 + ctx.overlayPods.length + workloads;
  };

  const byNamespace = new Map<string, ServiceContext[]>();
  let total = 0;
  for (const ctx of contexts) {
    const list = byNamespace.get(ctx.service.namespace);
    if (list) list.push(ctx);
    else byNamespace.set(ctx.service.namespace, [ctx]);
    total += costOf(ctx);
  }

  const collapsedNamespaces = new Set<string>();
  if (!options.drawAll && total > maxDrawn) {
    // Collapsing a namespace groups only its healthy Services: one with a problem is always
    // drawn, so what is wrong never hides behind a group.
    const candidates = [...byNamespace.entries()]
      .filter(([ns]) => !expanded.has(`grp:ns:${ns}`))
      .map(([ns, list]) => ({
        ns,
        cost: list.reduce((sum, c) => sum + (c.service.health === 'healthy' ? costOf(c) : 0), 0),
      }))
      // Biggest namespaces first: fewest groups for the most saving; name breaks ties.
      .sort((a, b) => b.cost - a.cost || (a.ns < b.ns ? -1 : 1));
    for (const { ns, cost } of candidates) {
      if (total <= maxDrawn) break;
      if (cost === 0) continue;
      collapsedNamespaces.add(ns);
      total += 1 - cost;
    }
    // The focused Service's namespace stays open, without changing which others collapse (a
    // selection must not reshuffle the rest of the map).
    const keepNs = options.keepServiceId ? namespaceOf(options.keepServiceId) : undefined;
    if (keepNs) collapsedNamespaces.delete(keepNs);
  }
  return { byNamespace, collapsedNamespaces, collapsesEndpoints };
}
