/**
 * Words for what the map draws: the accessible names of outline items (kind first, then
 * `namespace/name` or `ip:port`, so a screen-reader user hears what a thing is before its name),
 * graph labels and tooltips. One place, so the graph, the outline and the tests say the same
 * thing. Pure.
 */
import type { NotJudged } from '../topology/judgeable';
import type { EndpointNode, EndpointOrigin, HealthState, ServiceNode } from '../topology/model';
import type { DrawNode, GroupSummary } from './draw-types';
import type { DrawCondition } from './serving';
import type { WorkloadState } from './workloads';

const NUMBER = new Intl.NumberFormat('en-US');
export const fmt = (n: number) => NUMBER.format(n);

/**
 * What `toLocaleTimeString('en-GB', { hour12: false })` uses, made once: that call builds a
 * formatter each time, and the map formats a clock per problem per update.
 */
const CLOCK = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** A wall-clock time of day (`12:19:30`, 24-hour) for an ISO timestamp; the input if unparsable. */
export function formatClock(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : CLOCK.format(d);
}

/**
 * Shortens a graph label to at most `max` characters by cutting the middle, not the end: the
 * end of a pod name (its ReplicaSet hash and random suffix) or of `namespace/name` is what tells
 * two nodes apart. The full text stays in the node's tooltip and the outline.
 */
export function fitLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep * 0.45);
  return text.slice(0, head) + '…' + text.slice(text.length - (keep - head));
}

/** Characters that fit a node's two label lines (260px box, text from x≈30, DejaVu/system-ui). */
export const LABEL_MAX_CHARS = 30;
export const SUBLABEL_MAX_CHARS = 36;

export const HEALTH_TEXT: Record<HealthState, string> = {
  healthy: 'healthy',
  warning: 'degraded',
  broken: 'broken',
  unknown: 'health unknown',
};

export const CONDITION_TEXT: Record<DrawCondition, string> = {
  ready: 'ready',
  serving: 'serving, not ready',
  terminating: 'terminating',
  'not-ready': 'not ready',
  'no-port': 'no port, not serving',
};

export const WORKLOAD_STATE_TEXT: Record<WorkloadState, string> = {
  ready: 'all ready',
  rolling: 'rollout in progress',
  short: 'not all ready',
  down: 'none ready',
};

/**
 * How many characters of a node's title line are drawn, and at what size: a workload's one-line
 * label (`Deployment api · rev 7 · 3/5 ready`) is drawn a little smaller so it fits whole.
 */
export function titleFit(node: DrawNode): { max: number; size: number } {
  return node.kind === 'workload' || node.kind === 'workload-revision'
    ? { max: 38, size: 10 }
    : { max: LABEL_MAX_CHARS, size: 11 };
}

export const ORIGIN_TEXT: Record<EndpointOrigin, string> = {
  controller: 'from the selector',
  mirrored: 'manual endpoints (mirrored from v1 Endpoints)',
  manual: 'manual endpoints',
  'legacy-endpoints': 'legacy v1 Endpoints only',
};

export function serviceTypeText(
  service: Pick<ServiceNode, 'serviceType' | 'headless' | 'selectorless'>,
): string {
  if (service.serviceType === 'ExternalName') return 'ExternalName';
  const parts: string[] = [service.serviceType];
  if (service.headless) parts.push('headless');
  if (service.selectorless) parts.push('selector-less');
  return parts.join(', ');
}

function endpointPortText(endpoint: Pick<EndpointNode, 'address' | 'ports'>): string {
  const port = endpoint.ports[0];
  if (!port?.port) return endpoint.address;
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  const others = endpoint.ports.length - 1;
  const more = others > 0 ? ` +${others} port${others === 1 ? '' : 's'}` : '';
  return `${host}:${port.port}${port.name ? ` (${port.name})` : ''}${more}`;
}

/**
 * A group's endpoints by condition, most useful first and only the non-zero ones:
 * ["37 ready", "2 not ready", "1 terminating", "1 no port"] (a Service's endpoints as a
 * condition summary instead of one row each).
 */
export function conditionCounts(g: GroupSummary): string[] {
  const noPort = g.noPort ?? 0;
  const notReady = Math.max(0, g.notReady - g.terminating - noPort);
  const parts: string[] = [`${fmt(g.ready)} ready`];
  if (notReady) parts.push(`${fmt(notReady)} not ready`);
  if (g.terminating) parts.push(`${fmt(g.terminating)} terminating`);
  if (noPort) parts.push(`${fmt(noPort)} no port`);
  return parts;
}

/**
 * What is said instead of a count where a Service's endpoints cannot be judged (model.ts
 * `endpointsNotJudged`), in the words of the diagnosis's `not-judged` evidence and of an
 * endpoint's hidden pod: what cannot be judged is never "0 of 0".
 */
export const ENDPOINTS_NOT_JUDGED_TEXT: Record<NotJudged, string> = {
  'not-visible': 'endpoints not visible to you',
  'not-read': 'endpoints not read yet',
};

/**
 * A Service's endpoint count, the one definition the outline, the graph's description, the
 * Service panel's header and the announcements read: "2 of 3 endpoints ready", or — where its
 * endpoints cannot be judged — why not ("endpoints not visible to you").
 */
export function endpointCountText(
  service: Pick<ServiceNode, 'readyCount' | 'endpointCount' | 'endpointsNotJudged'>,
): string {
  return service.endpointsNotJudged
    ? ENDPOINTS_NOT_JUDGED_TEXT[service.endpointsNotJudged]
    : `${fmt(service.readyCount)} of ${fmt(service.endpointCount)} endpoints ready`;
}

/** ", 2 with no port (not serving)" for a Service whose endpoints carry no port. */
function noPortText(node: DrawNode): string {
  return node.noPort ? `, ${fmt(node.noPort)} with no port (not serving)` : '';
}

/**
 * An endpoint's pod the map cannot show (`targetHidden`): "pod not visible to you" where the
 * viewer may not list pods, "pod not read yet" while the dashboard reads them.
 */
export function hiddenTargetText(e: Pick<EndpointNode, 'targetHidden'>): string {
  return e.targetHidden === 'not-read' ? 'pod not read yet' : 'pod not visible to you';
}

export function serviceName(service: Pick<ServiceNode, 'namespace' | 'name'>): string {
  return `${service.namespace}/${service.name}`;
}

/** The accessible name of a drawn node (outline treeitem, graph aria text). */
export function describeNode(node: DrawNode, lookup: (id: string) => DrawNode | undefined): string {
  switch (node.kind) {
    case 'service': {
      const s = node.service!;
      if (s.serviceType === 'ExternalName')
        return `Service ${serviceName(s)}, ExternalName to ${s.externalName ?? '(none)'}, ${HEALTH_TEXT[s.health]}`;
      return `Service ${serviceName(s)}, ${serviceTypeText(s)}, ${endpointCountText(s)}${noPortText(node)}, ${HEALTH_TEXT[s.health]}`;
    }
    case 'endpoint': {
      const e = node.endpoint!;
      const target = e.targetId ? lookup(e.targetId) : undefined;
      let targetText = '';
      if (target?.pod) targetText = `, Pod ${target.pod.namespace}/${target.pod.name}`;
      else if (e.targetHidden) targetText = `, ${hiddenTargetText(e)}`;
      else if (e.targetRef)
        targetText = `, ${e.targetRef.kind} ${e.targetRef.namespace ?? e.namespace}/${e.targetRef.name}`;
      else targetText = ', external address';
      return `Endpoint ${endpointPortText(e)}, ${CONDITION_TEXT[node.condition ?? e.condition]}${targetText}, ${ORIGIN_TEXT[e.origin]}`;
    }
    case 'pod': {
      const p = node.pod!;
      const state = p.terminating ? 'terminating' : p.ready ? 'ready' : `not ready (${p.phase})`;
      const where = `${p.ip ?? 'no IP'}${p.nodeName ? `, on ${p.nodeName}` : ''}`;
      const overlay = node.overlay ? ', selected by the Service but not an endpoint' : '';
      return `Pod ${p.namespace}/${p.name}, ${where}, ${state}${overlay}`;
    }
    case 'external': {
      const x = node.external!;
      if (x.kind === 'external-name') return `External name ${x.address} (DNS)`;
      return `External address ${x.address}${x.kind === 'fqdn' ? ' (FQDN)' : ''}`;
    }
    case 'ghost': {
      const g = node.ghost!;
      return `Near-miss Pod ${g.namespace}/${g.name}, not selected by the Service: ${g.label}`;
    }
    case 'endpoint-group': {
      const g = node.group!;
      return `${fmt(g.count)} endpoints: ${conditionCounts(g).join(', ')}; collapsed, press Enter to expand`;
    }
    case 'workload': {
      const w = node.workload!;
      // Says "revisions", never "collapsed": in the outline the row's own expanded state is
      // whether its pods are listed under it (aria-expanded), a different thing.
      const toggle = node.expanded
        ? 'revisions shown; press Enter to hide them'
        : 'revisions hidden; press Enter to show them';
      return `${w.label}, namespace ${w.namespace}, ${WORKLOAD_STATE_TEXT[w.state]}; ${toggle}`;
    }
    case 'workload-revision':
      return `Revision of ${node.workload!.kind} ${node.workload!.name}: ${node.revision!.text}`;
    case 'namespace-group': {
      const g = node.group!;
      if (g.healthyRest)
        return `Namespace ${node.namespace}, ${fmt(g.count)} more Services, all healthy, collapsed; press Enter to expand`;
      return `Namespace ${node.namespace}, ${fmt(g.count)} Services${g.problems ? `, ${fmt(g.problems)} with problems` : ''}, collapsed; press Enter to expand`;
    }
  }
}

/**
 * The name of a target as listed under one endpoint: adds the port and origin of that endpoint
 * ("External address 10.10.50.53:80 (apache), manual endpoints").
 */
export function describeTargetUnder(
  node: DrawNode,
  parent: DrawNode | undefined,
  lookup: (id: string) => DrawNode | undefined,
): string {
  const base = describeNode(node, lookup);
  if (node.kind === 'external' && parent?.endpoint && node.external?.kind !== 'external-name') {
    const e = parent.endpoint;
    return `External address ${endpointPortText(e)}, ${ORIGIN_TEXT[e.origin]}`;
  }
  return base;
}

/** Short graph label lines: [title, subtitle]. */
export function nodeLabel(node: DrawNode): [string, string] {
  switch (node.kind) {
    case 'service': {
      const s = node.service!;
      const badge = s.serviceType === 'ClusterIP' ? (s.headless ? 'headless' : '') : s.serviceType;
      return [
        `${s.namespace}/${s.name}`,
        `${badge ? badge + ' · ' : ''}${s.serviceType === 'ExternalName' ? (s.externalName ?? '') : s.endpointsNotJudged ? ENDPOINTS_NOT_JUDGED_TEXT[s.endpointsNotJudged] : `${fmt(s.readyCount)}/${fmt(s.endpointCount)} ready${node.noPort ? ` · ${fmt(node.noPort)} no port` : ''}`}`,
      ];
    }
    case 'endpoint': {
      const e = node.endpoint!;
      return [
        endpointPortText(e),
        `${CONDITION_TEXT[node.condition ?? e.condition]} · ${e.targetHidden ? hiddenTargetText(e) : e.origin}`,
      ];
    }
    case 'pod': {
      const p = node.pod!;
      return [
        p.name,
        `${p.ip ?? 'no IP'}${p.nodeName ? ' · ' + p.nodeName : ''}${node.overlay ? ' · not an endpoint' : ''}`,
      ];
    }
    case 'external': {
      const x = node.external!;
      return [x.address, x.kind === 'external-name' ? 'ExternalName (DNS)' : 'external address'];
    }
    case 'ghost': {
      const g = node.ghost!;
      return [g.name, `near miss · ${g.label}`];
    }
    case 'endpoint-group': {
      const g = node.group!;
      return [`${fmt(g.count)} endpoints · click to expand`, conditionCounts(g).join(' · ')];
    }
    case 'workload': {
      const w = node.workload!;
      return [
        w.label,
        `${WORKLOAD_STATE_TEXT[w.state]} · ${node.expanded ? 'click to hide revisions' : 'click for revisions'}`,
      ];
    }
    case 'workload-revision': {
      const w = node.workload!;
      return [node.revision!.text, `${w.kind} ${w.name}${node.revision!.isNew ? ' · new' : ''}`];
    }
    case 'namespace-group': {
      const g = node.group!;
      return [
        `namespace ${node.namespace}`,
        g.healthyRest
          ? `${fmt(g.count)} more Services, all healthy`
          : `${fmt(g.count)} Services${g.problems ? ` · ${fmt(g.problems)} problems` : ''}`,
      ];
    }
  }
}
