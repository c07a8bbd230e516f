/**
 * The map's search box: a query of space-separated tokens, each a label (`app=web`), an IP
 * prefix (`10.244.`) or text (part of `namespace/name`, an ExternalName, a target pod's name or
 * its workload's `Kind name`, e.g. `deployment api`).
 * A Service matches when every token matches it. Pure.
 */
import type { PodNode } from '../topology/model';
import type { ServiceContext } from './draw-types';

const IP_LIKE = /^[0-9a-f.:]+$/i;

export interface QueryToken {
  kind: 'label' | 'ip' | 'text';
  key: string;
  value: string;
}

export function parseQuery(query: string | undefined): QueryToken[] {
  if (!query) return [];
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const eq = raw.indexOf('=');
      if (eq > 0) return { kind: 'label', key: raw.slice(0, eq), value: raw.slice(eq + 1) };
      if (IP_LIKE.test(raw) && /[.:]/.test(raw)) return { kind: 'ip', key: '', value: raw };
      return { kind: 'text', key: '', value: raw.toLowerCase() };
    });
}

function matchesToken(token: QueryToken, ctx: ServiceContext, pods: Map<string, PodNode>) {
  const { service } = ctx;
  const targetPods = (): PodNode[] => {
    const out: PodNode[] = [...ctx.overlayPods];
    for (const ep of ctx.endpoints) {
      const pod = ep.targetId ? pods.get(ep.targetId) : undefined;
      if (pod) out.push(pod);
    }
    return out;
  };
  switch (token.kind) {
    case 'label':
      return (
        service.labels[token.key] === token.value ||
        service.selector?.[token.key] === token.value ||
        targetPods().some((p) => p.labels[token.key] === token.value)
      );
    case 'ip':
      return (
        (service.clusterIP ?? '').startsWith(token.value) ||
        ctx.endpoints.some((e) => e.address.startsWith(token.value)) ||
        targetPods().some((p) => (p.ip ?? '').startsWith(token.value))
      );
    case 'text': {
      const full = `${service.namespace}/${service.name}`.toLowerCase();
      if (full.includes(token.value)) return true;
      if (service.externalName?.toLowerCase().includes(token.value)) return true;
      if (targetPods().some((p) => p.name.toLowerCase().includes(token.value))) return true;
      return (ctx.workloads ?? []).some((w) =>
        `${w.kind} ${w.name}`.toLowerCase().includes(token.value),
      );
    }
  }
}

export function matchesQuery(
  tokens: readonly QueryToken[],
  ctx: ServiceContext,
  pods: Map<string, PodNode>,
): boolean {
  return tokens.every((t) => matchesToken(t, ctx, pods));
}
