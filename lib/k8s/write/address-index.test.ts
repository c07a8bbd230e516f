/**
 * The hub's address index against the facts built from scratch: after every change of a random
 * run (Services, pods, nodes, namespaces and the apiserver's Endpoints created, changed and
 * deleted, their addresses drawn from a small pool so that several objects hold one address),
 * every address asked gets the same answer from the index as from `factsOf` over all records in
 * namespace/name order — the owner named, in the same words, or none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIp, type ClusterFacts } from '@/lib/topology/validation';
import type {
  EndpointsRecord,
  NamespaceRecord,
  NodeRecord,
  PodRecord,
  ServiceRecord,
} from '../../topology/records';
import { ClusterCache } from '../cache';
import { AddressIndex, addressIndexOf } from './address-index';
import { factsOf } from './fact-sources';
import { sourcesFromCache } from './testing/sources-from-cache';

/** A small seeded generator (mulberry32): the run is the same every time. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[], most: number): T[] =>
    Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick(items));
  return { next, pick, some };
}

// Few of each, so that addresses collide and names sort across the '-' / '/' boundary.
const NAMESPACES = ['a', 'a-b', 'b', 'default', 'kube-system'];
const NAMES = ['web', 'web-1', 'api', 'db'];
const IPS = [
  '10.96.0.1',
  '10.96.0.10',
  '10.244.1.5',
  '10.244.2.7',
  '172.18.0.2',
  '172.18.0.3',
  '192.168.5.5',
  'fd00:10:96::1',
  'fd00:10:96:0:0::a',
  'fd00:10:244:1::5',
  'None',
  '',
  '10.0.0.01',
];
const CIDRS = [
  '10.244.1.0/24',
  '10.244.2.0/24',
  'fd00:10:244:1::/64',
  '10.244.0.0/16',
  'nonsense/8',
];
const PROBES = [
  ...IPS.filter((ip) => parseIp(ip)),
  '10.244.1.200',
  '10.244.3.1',
  'fd00:10:244:1::77',
  'fd00:10:96::a',
  '203.0.113.9',
].map((text) => parseIp(text)!);

type Rng = ReturnType<typeof random>;
/**
 * An object's uid is `<kind>-<k>`, and its namespace and name follow from it: one object per
 * namespace/name, as in a cluster, and the same object each time its uid comes up again.
 */
const meta = (uid: string, rv: number) => {
  const k = Number(uid.slice(uid.lastIndexOf('-') + 1));
  const namespaced = !uid.startsWith('Node') && !uid.startsWith('Namespace');
  return {
    uid,
    namespace: namespaced ? NAMESPACES[k % NAMESPACES.length]! : '',
    name: uid.startsWith('Namespace')
      ? NAMESPACES[k % NAMESPACES.length]!
      : uid.startsWith('Node')
        ? `node-${String.fromCharCode(97 + k)}`
        : NAMES[Math.floor(k / NAMESPACES.length) % NAMES.length]!,
    resourceVersion: String(rv),
  };
};

function service(r: Rng, uid: string, rv: number): ServiceRecord {
  const ips = r.some(IPS, 2);
  return {
    kind: 'Service',
    meta: meta(uid, rv),
    type: 'ClusterIP',
    ...(ips[0] !== undefined ? { clusterIP: ips[0] } : {}),
    ...(ips.length > 0 && r.next() < 0.5 ? { clusterIPs: ips } : {}),
    ...(r.next() < 0.3 ? { externalIPs: r.some(IPS, 2) } : {}),
    ports: [],
  };
}

function pod(r: Rng, uid: string, rv: number): PodRecord {
  const ip = r.pick(IPS);
  return {
    kind: 'Pod',
    meta: meta(uid, rv),
    phase: 'Running',
    ...(ip ? { podIP: ip } : {}),
    ...(r.next() < 0.4 ? { podIPs: [ip, ...r.some(IPS, 1)] } : {}),
    ready: true,
    scheduled: true,
    containerPorts: [],
    containers: [],
  };
}

function node(r: Rng, uid: string, rv: number): NodeRecord {
  const addresses = r
    .some(IPS, 2)
    .map((address) => ({ type: r.pick(['InternalIP', 'ExternalIP'] as const), address }));
  return {
    kind: 'Node',
    meta: meta(uid, rv),
    ready: true,
    podCIDRs: r.some(CIDRS, 2),
    ...(r.next() < 0.5 ? { internalIP: r.pick(IPS) } : {}),
    ...(r.next() < 0.5 ? { addresses } : {}),
  };
}

function apiServer(r: Rng, uid: string, rv: number): EndpointsRecord {
  const ips = r.some(IPS, 2).map((ip) => ({ ip }));
  return {
    kind: 'Endpoints',
    meta: { ...meta(uid, rv), namespace: 'default', name: 'kubernetes' },
    subsets: [{ addresses: ips, notReadyAddresses: [], ports: [] }] as EndpointsRecord['subsets'],
  };
}

function namespace(r: Rng, uid: string, rv: number): NamespaceRecord {
  return { kind: 'Namespace', meta: meta(uid, rv), phase: 'Active' };
}

const answers = (facts: ClusterFacts) => ({
  namespaces: facts.namespaces,
  found: PROBES.map((ip) => `${ip.canonical} → ${facts.internal.find(ip)?.what ?? 'none'}`),
});

describe('the address index', () => {
  it('answers as the facts made from scratch, after every change of a random run', () => {
    const r = random(20261207);
    const cache = new ClusterCache();
    const makers = { Service: service, Pod: pod, Node: node, Namespace: namespace };
    const kinds = Object.keys(makers) as (keyof typeof makers)[];
    const serviceCidrs = [{ ref: 'kubernetes', cidrs: ['10.96.0.0/16'] }];
    let rv = 0;
    // Some records before the index is made: it starts from the cache's records.
    cache.replace('Service', [service(r, 'Service-0', ++rv), service(r, 'Service-1', ++rv)]);
    cache.replace('Pod', [pod(r, 'Pod-0', ++rv)]);
    cache.replace('Node', [node(r, 'Node-0', ++rv)]);
    cache.replace('Endpoints', [apiServer(r, 'ep-kubernetes', ++rv)]);
    const index = addressIndexOf(cache);
    assert.equal(addressIndexOf(cache), index, 'one index per cache');
    let found = 0;
    for (let step = 0; step < 1500; step++) {
      const roll = r.next();
      if (roll < 0.08) {
        cache.apply('MODIFIED', apiServer(r, 'ep-kubernetes', ++rv));
      } else if (roll < 0.1) {
        cache.apply('DELETED', apiServer(r, 'ep-kubernetes', ++rv));
      } else {
        const kind = r.pick(kinds);
        // Nodes and namespaces: a few; Services and pods: up to one in each namespace/name.
        const many = kind === 'Service' || kind === 'Pod' ? NAMESPACES.length * NAMES.length : 4;
        const uid = `${kind}-${Math.floor(r.next() * many)}`;
        const existing = cache.get(kind, uid);
        if (existing && r.next() < 0.35) cache.apply('DELETED', existing);
        else cache.apply(existing ? 'MODIFIED' : 'ADDED', makers[kind](r, uid, ++rv));
      }
      for (const names of [true, false]) {
        const expected = answers(factsOf(sourcesFromCache(cache, serviceCidrs), names));
        assert.deepEqual(answers(index.facts(serviceCidrs, names)), expected, `step ${step}`);
        found += expected.found.filter((f) => !f.endsWith('none')).length;
      }
    }
    // The run exercised something: most probes were held by someone most of the time.
    assert.ok(found > 1500 * 2 * 5, `${found}`);
  });

  it('names, of several holders, the one the facts list first: Services, pods, nodes in name order', () => {
    const cache = new ClusterCache();
    const hostPod: PodRecord = {
      ...pod(random(1), 'Pod-0', 1),
      podIP: '172.18.0.2',
      podIPs: undefined,
    };
    const nodeA: NodeRecord = {
      ...node(random(2), 'Node-0', 2),
      internalIP: '172.18.0.2',
      addresses: undefined,
    };
    cache.replace('Node', [nodeA]);
    cache.replace('Pod', [{ ...hostPod, meta: { ...hostPod.meta, namespace: 'b', name: 'x' } }]);
    const index = new AddressIndex(cache.records());
    cache.subscribe((batch) => index.apply(batch));
    const ip = parseIp('172.18.0.2')!;
    assert.equal(index.facts([], true).internal.find(ip)?.what, 'IP of Pod b/x');
    cache.apply('ADDED', {
      ...hostPod,
      meta: { ...hostPod.meta, uid: 'q', namespace: 'a-b', name: 'x' },
    });
    assert.equal(index.facts([], true).internal.find(ip)?.what, 'IP of Pod a-b/x');
    assert.equal(index.facts([], false).internal.find(ip)?.what, 'IP of a Pod');
    cache.apply('DELETED', cache.get('Pod', 'q')!);
    cache.apply('DELETED', cache.get('Pod', 'Pod-0')!);
    assert.equal(
      index.facts([], true).internal.find(ip)?.what,
      `InternalIP of Node ${nodeA.meta.name}`,
    );
    cache.apply('DELETED', nodeA);
    assert.equal(index.facts([], true).internal.find(ip), undefined);
  });
});
