/**
 * The nodes of a big update as they cross to the page in the wire form (lib/worker/update-wire.ts):
 * cut down to what the page draws (lib/graph/drawn-node.ts), with the values that repeat another
 * part of the message written as references instead of again:
 * - a node's `block` and an endpoint's `targetId`, node ids, as indexes into the wire's id table;
 * - an endpoint's `ports`, the same array for every address of a slice, as an index into a table
 *   of the message's distinct ports arrays;
 * - an endpoint's `targetRef`, when it is exactly the Pod node it resolved to in the same message
 *   (kind Pod, that pod's name, the endpoint's namespace, the uid of its `targetId`), as that
 *   node's index.
 *
 * A near miss's label (`app: nginx ≠ ngnix`, lib/graph/ghosts.ts) is written `escape`d (ASCII,
 * undone exactly by `unescape` for any string, lone surrogates included, and never throwing,
 * unlike encodeURIComponent):
 * it is the only drawn text past U+00FF (names, labels, addresses and images are ASCII by the
 * API's validation), and one such character makes V8 hold the whole text at two bytes per
 * character, in the worker, in both copies across the thread boundary and in the page's parse.
 *
 * Why: at 51k drawn nodes these were 7 MB of the 22 MB of node text that the worker writes and
 * the page parses on its main thread in the message that completes a big map (the targetRef
 * alone 3 MB), and 49 `≠` made the rest 32 MB in memory instead of 16; the page's copies share
 * one ports array per slice and the id table's strings.
 *
 * Contract: `decodeNodes(parse(stringify(encodeNodes(nodes, ids))))` gives the nodes
 * `drawnNode` makes of `nodes`, by value (up to undefined-valued keys), with references resolved;
 * `encodeNodes` changes nothing it is given; `decodeNodes` rewrites the parsed nodes in place.
 */
import type { DrawNode } from '../graph/draw-types';
import { drawnNode, type DrawnEndpoint } from '../graph/drawn-node';

/** Node ids as indexes: below the nodes' count, that node's id; the table adds the others. */
export interface IdIndex {
  /** The index of an id, added to the table when it is not a node's. */
  of(id: string): number;
  /** The index of an id that is one of the nodes, without adding it. */
  nodeAt(id: string): number | undefined;
  /** The id at an index. */
  idAt(index: number): string;
}

type Ports = DrawnEndpoint['ports'];

/** The endpoint's references as written: indexes where the original holds repeated values. */
interface WireEndpoint extends Omit<DrawnEndpoint, 'ports' | 'targetId' | 'targetRef'> {
  ports: number;
  targetId?: number;
  /** The original, or the index of the Pod node it names (the contract above). */
  targetRef?: DrawnEndpoint['targetRef'] | number;
}

export interface WireNode extends Omit<DrawNode, 'block' | 'endpoint'> {
  block: number;
  endpoint?: WireEndpoint;
}

export interface WireNodes {
  nodes: WireNode[];
  /** The distinct ports arrays the endpoints point at. */
  ports: Ports[];
}

const POD_PREFIX = 'pod:';

/** Whether `ref` says no more than that the endpoint's target is `pod` (a drawn Pod node). */
function namesPodNode(
  namespace: string,
  targetId: string,
  ref: NonNullable<DrawnEndpoint['targetRef']>,
  pod: DrawNode,
) {
  const uid = ref.uid;
  let keys = 0;
  for (const key in ref) if (ref[key as keyof typeof ref] !== undefined) keys++;
  return (
    keys === 4 &&
    ref.kind === 'Pod' &&
    ref.namespace === namespace &&
    ref.name === pod.pod?.name &&
    uid !== undefined &&
    targetId.length === POD_PREFIX.length + uid.length &&
    targetId.endsWith(uid) &&
    targetId.startsWith(POD_PREFIX)
  );
}

export function encodeNodes(nodes: readonly DrawNode[], ids: IdIndex): WireNodes {
  const ports: Ports[] = [];
  const portsAt = new Map<Ports, number>();
  const wire = new Array<WireNode>(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const source = nodes[i]!;
    const drawn = drawnNode(source);
    // Rewritten below: drawnNode's copies are new objects, and a node it returns as is is copied.
    const node = (drawn === source ? { ...source } : drawn) as unknown as WireNode;
    node.block = ids.of(source.block);
    if (source.ghost) node.ghost = { ...source.ghost, label: escape(source.ghost.label) };
    // The same object as `drawn.endpoint`: its values are read before they are replaced.
    const endpoint = node.endpoint;
    if (endpoint) {
      const { ports: portsOf, targetId, targetRef, namespace } = drawn.endpoint!;
      let at = portsAt.get(portsOf);
      if (at === undefined) {
        at = ports.push(portsOf) - 1;
        portsAt.set(portsOf, at);
      }
      endpoint.ports = at;
      if (targetId !== undefined) {
        endpoint.targetId = ids.of(targetId);
        const pod = ids.nodeAt(targetId);
        if (
          targetRef &&
          pod !== undefined &&
          namesPodNode(namespace, targetId, targetRef, nodes[pod]!)
        )
          endpoint.targetRef = pod;
      }
    }
    wire[i] = node;
  }
  return { nodes: wire, ports };
}

export function decodeNodes(wire: WireNodes, ids: Pick<IdIndex, 'idAt'>): DrawNode[] {
  const nodes = wire.nodes as unknown as DrawNode[];
  for (let i = 0; i < nodes.length; i++) {
    const { block, endpoint: at } = wire.nodes[i]!;
    const node = nodes[i]!;
    node.block = ids.idAt(block);
    if (node.ghost) node.ghost.label = unescape(node.ghost.label);
    if (!at) continue;
    const { ports, targetId, targetRef } = at;
    const endpoint = node.endpoint!;
    endpoint.ports = wire.ports[ports]!;
    if (targetId === undefined) continue;
    endpoint.targetId = ids.idAt(targetId);
    if (typeof targetRef === 'number')
      endpoint.targetRef = {
        kind: 'Pod',
        namespace: endpoint.namespace,
        name: nodes[targetRef]!.pod!.name,
        uid: endpoint.targetId.slice(POD_PREFIX.length),
      };
  }
  return nodes;
}
