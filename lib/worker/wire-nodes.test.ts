import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrawNode } from '../graph/draw-types';
import { createDrawing } from '../graph/drawing';
import { drawnNode } from '../graph/drawn-node';
import {
  drawEverything,
  syntheticCluster,
  syntheticTopology,
} from '../graph/testing/synthetic-topology';
import type { EndpointNode } from '../topology/model';
import { decodeNodes, encodeNodes, type IdIndex } from './wire-nodes';

/** The id table as update-wire.ts keeps it: the nodes' ids first, then any other. */
function table(nodes: readonly DrawNode[]): IdIndex {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const ids: string[] = [];
  return {
    of(id) {
      let at = index.get(id);
      if (at === undefined) index.set(id, (at = nodes.length + ids.push(id) - 1));
      return at;
    },
    nodeAt: (id) => {
      const at = index.get(id);
      return at !== undefined && at < nodes.length ? at : undefined;
    },
    idAt: (at) => (at < nodes.length ? nodes[at]!.id : ids[at - nodes.length]!),
  };
}

/** Encoded, as text, parsed and decoded: what the page reads. */
function crossed(nodes: readonly DrawNode[]) {
  const ids = table(nodes);
  const text = JSON.stringify(encodeNodes(nodes, ids));
  return { text, read: decodeNodes(JSON.parse(text), ids) };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A drawing's nodes, each endpoint's targetRef as `ref` makes it from its pod (when it has one). */
function nodesWithRefs(
  ref: (pod: { namespace: string; name: string; uid: string }) => EndpointNode['targetRef'],
): DrawNode[] {
  const drawing = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(5, 3))));
  const nodes = [...drawing.graph.nodes.values()];
  const pods = new Map(nodes.filter((n) => n.pod).map((n) => [n.id, n.pod!]));
  return nodes.map((node) => {
    const pod = node.endpoint?.targetId ? pods.get(node.endpoint.targetId) : undefined;
    if (!pod) return node;
    const uid = node.endpoint!.targetId!.slice('pod:'.length);
    return {
      ...node,
      endpoint: { ...node.endpoint!, targetRef: ref({ ...pod, uid }) },
    } as DrawNode;
  });
}

test('nodes read back as drawnNode makes them, their repeats written as references', () => {
  const nodes = nodesWithRefs(({ namespace, name, uid }) => ({
    kind: 'Pod',
    namespace,
    name,
    uid,
  }));
  const before = structuredClone(nodes);
  const { text, read } = crossed(nodes);
  assert.deepEqual(read, plain(nodes.map(drawnNode)));
  assert.deepEqual(nodes, before, 'the nodes given are not changed');
  const endpoints = read.filter((n) => n.endpoint);
  assert.ok(endpoints.length >= 12 && endpoints.every((n) => n.endpoint!.targetRef));
  assert.ok(!text.includes('"targetRef":{'), 'a targetRef that is its pod node is its index');
  assert.ok(!text.includes('"block":"'), 'blocks are indexes');
  assert.ok(!text.includes('"targetId":"'), 'targets are indexes');
  assert.ok(!text.includes('labels'), 'cut down to what is drawn');
  // Every address of a slice shares the slice's ports array (lib/topology/routing.ts): one entry
  // per array in the text, and one array per slice on the page too.
  const sharing = nodesWithRefs(() => undefined);
  const perBlock = new Map<string, EndpointNode['ports']>();
  for (const node of sharing)
    if (node.endpoint) {
      const ports = perBlock.get(node.block) ?? node.endpoint.ports;
      perBlock.set(node.block, ports);
      (node.endpoint as EndpointNode).ports = ports;
    }
  const shared = crossed(sharing);
  assert.deepEqual(shared.read, plain(sharing.map(drawnNode)));
  const readPorts = new Set(shared.read.filter((n) => n.endpoint).map((n) => n.endpoint!.ports));
  assert.equal(readPorts.size, perBlock.size);
  assert.equal((JSON.parse(shared.text) as { ports: unknown[] }).ports.length, perBlock.size);
});

test('a targetRef that says anything more or else than its pod node is written whole', () => {
  const cases: [
    string,
    (pod: { namespace: string; name: string; uid: string }) => EndpointNode['targetRef'],
  ][] = [
    ['no namespace', ({ name, uid }) => ({ kind: 'Pod', name, uid })],
    ['no uid', ({ namespace, name }) => ({ kind: 'Pod', namespace, name })],
    ['another namespace', ({ name, uid }) => ({ kind: 'Pod', namespace: 'elsewhere', name, uid })],
    ['another name', ({ namespace, uid }) => ({ kind: 'Pod', namespace, name: 'renamed', uid })],
    ['another uid', ({ namespace, name }) => ({ kind: 'Pod', namespace, name, uid: 'other' })],
    ['another kind', ({ namespace, name, uid }) => ({ kind: 'Node', namespace, name, uid })],
    [
      'a key more',
      ({ namespace, name, uid }) =>
        ({ kind: 'Pod', namespace, name, uid, resourceVersion: '7' }) as EndpointNode['targetRef'],
    ],
  ];
  for (const [name, ref] of cases) {
    const nodes = nodesWithRefs(ref);
    const { text, read } = crossed(nodes);
    assert.match(text, /"targetRef":\{/, name);
    assert.deepEqual(read, plain(nodes.map(drawnNode)), name);
  }
});

test('references to nodes outside the message go through the id table', () => {
  const nodes = nodesWithRefs(({ namespace, name, uid }) => ({
    kind: 'Pod',
    namespace,
    name,
    uid,
  }));
  // An update that changes endpoints only: their blocks' Services and their pods are the page's.
  const endpoints = nodes.filter((n) => n.endpoint);
  const { text, read } = crossed(endpoints);
  assert.deepEqual(read, plain(endpoints.map(drawnNode)));
  assert.match(text, /"targetRef":\{"kind":"Pod"/, 'a pod not in the message: written whole');
});

test('nodes without a topology object cross as they are, copied', () => {
  const nodes = nodesWithRefs(() => undefined).filter((n) => !n.endpoint && !n.pod && !n.service);
  const group: DrawNode = {
    id: 'grp:ns:quiet',
    kind: 'namespace-group',
    column: 0,
    block: 'grp:ns:quiet',
  };
  const all = [...nodes, group];
  const { read } = crossed(all);
  assert.deepEqual(read, plain(all));
  assert.equal(group.block, 'grp:ns:quiet');
});

test('a near miss label crosses whole, and the text stays one byte per character', () => {
  const ghost: DrawNode = {
    id: 'ghost:svc:u1:shop/web-0',
    kind: 'ghost',
    column: 3,
    block: 'svc:u1',
    ghost: {
      namespace: 'shop',
      name: 'web-0',
      podId: 'pod:p1',
      match: 'value-typo',
      label: 'app: web ≠ wbe 100% ',
    },
  };
  const nodes = [...nodesWithRefs(() => undefined), ghost];
  const { text, read } = crossed(nodes);
  assert.deepEqual(read, plain(nodes.map(drawnNode)));
  assert.equal(read.at(-1)!.ghost!.label, 'app: web ≠ wbe 100% ');
  assert.doesNotMatch(text, /[^\u0000-\u00ff]/);
  assert.equal(ghost.ghost!.label, 'app: web ≠ wbe 100% ', 'the node given is not changed');
});

test('any label crosses exactly, even one that is not well-formed UTF-16', () => {
  const labels = ['app: web ≠ wbe', 'a%u2260b %41', 'lone \ud800 surrogate', '🙂 ≠ 🙃', ''];
  const ghosts: DrawNode[] = labels.map((label, i) => ({
    id: `ghost:svc:u1:shop/web-${i}`,
    kind: 'ghost',
    column: 3,
    block: 'svc:u1',
    ghost: { namespace: 'shop', name: `web-${i}`, podId: `pod:p${i}`, match: 'value-typo', label },
  }));
  const { text, read } = crossed(ghosts);
  assert.deepEqual(
    read.map((n) => n.ghost!.label),
    labels,
  );
  assert.doesNotMatch(text, /[^\u0000-\u00ff]/);
});
