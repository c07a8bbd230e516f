/**
 * Lookups the topology tests share: a Service node by name, its endpoints, the edges leaving a
 * node. Test-only.
 */
import assert from 'node:assert/strict';
import type { Topology } from '../model';

export function svcNode(t: Topology, name: string) {
  const s = t.services.find((x) => x.name === name);
  assert.ok(s, `service ${name} in topology`);
  return s;
}

export function endpointsOf(t: Topology, name: string) {
  const s = svcNode(t, name);
  return t.endpoints.filter((e) => e.serviceId === s.id);
}

export function edgesFrom(t: Topology, id: string) {
  return t.edges.filter((e) => e.source === id);
}
