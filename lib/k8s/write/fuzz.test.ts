/**
 * Property-based fuzz of the create path (fast-check) against the embedded cluster: random and
 * hostile payloads, with a failure injected at a random request (thrown, HTTP 500, or the answer
 * lost after the server acted). Properties, checked by listing the cluster after every run:
 *  - preview and create never throw;
 *  - every object this path ever left in the cluster passes validateManifests;
 *  - never a partial pair: a create either left exactly what the preview showed, or nothing
 *    carrying its request id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CREATED_BY_ANNOTATION,
  internalAddressesOf,
  REQUEST_ID_ANNOTATION,
  validateManifests,
  type Manifest,
} from '@/lib/topology/validation';
import { createExternalService, previewExternalService } from './external-service';
import { internalTargetsOf } from './fact-sources';
import { listFactSources } from './facts';
import { failing, startTestCluster, type TestCluster } from './testing/test-cluster';
import type { KubeSend } from './client';

let t: TestCluster;
let send: KubeSend;
before(async () => {
  t = await startTestCluster('empty');
  send = t.send();
});
after(async () => {
  await t?.cluster.stop();
});

type Obj = Manifest & { metadata: Manifest['metadata'] & { uid: string } };

async function ours(): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const [path, kind, apiVersion] of [
    ['/api/v1/services', 'Service', 'v1'],
    ['/apis/discovery.k8s.io/v1/endpointslices', 'EndpointSlice', 'discovery.k8s.io/v1'],
    ['/api/v1/endpoints', 'Endpoints', 'v1'],
  ] as const) {
    const r = await send({ method: 'GET', path });
    for (const item of (r.body as { items: Obj[] }).items) {
      // The mirroring controller copies our annotations onto its slice; that slice is the cluster's.
      const mirrored =
        item.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] ===
        'endpointslicemirroring-controller.k8s.io';
      if (item.metadata.annotations?.[CREATED_BY_ANNOTATION] && !mirrored)
        out.push({ ...item, kind, apiVersion });
    }
  }
  return out;
}

async function cleanUp(objects: Obj[]): Promise<void> {
  for (const o of objects) {
    const base = o.kind === 'EndpointSlice' ? `/apis/discovery.k8s.io/v1` : '/api/v1';
    const plural =
      o.kind === 'Service'
        ? 'services'
        : o.kind === 'EndpointSlice'
          ? 'endpointslices'
          : 'endpoints';
    await send({
      method: 'DELETE',
      path: `${base}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`,
    });
  }
}

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet)
  .map((o) => o.join('.'));
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '127.0.0.1',
    '169.254.169.254',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    '10.0.0.1\u0000',
    '../../etc',
    '<script>',
    'a'.repeat(300),
    '${jndi:x}',
    '__proto__',
  ),
);
const plausible = fc.record({
  namespace: fc.constantFrom('default', 'default', 'kube-system', 'nope', 'Bad'),
  name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/), hostileString),
  addresses: fc.array(
    fc.oneof(ipv4, ipv4, fc.constantFrom('2001:db8::7', '2001:db8::8'), hostileString),
    { minLength: 0, maxLength: 3 },
  ),
  ports: fc.array(
    fc.record({
      port: fc.oneof(
        fc.integer({ min: -1, max: 70000 }).map(String),
        fc.integer({ min: 1, max: 65535 }),
        hostileString,
      ),
      name: fc.oneof(fc.constantFrom('', 'http', 'db', 'http'), hostileString),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp', 'ICMP'),
    }),
    { minLength: 0, maxLength: 3 },
  ),
  createAs: fc.constantFrom('EndpointSlice', 'Endpoints', 'Both'),
  allowInternalTarget: fc.boolean(),
});
const valid = fc.record({
  namespace: fc.constant('default'),
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/),
  addresses: fc.uniqueArray(fc.oneof(ipv4, ipv4, fc.constantFrom('2001:db8::7', '2001:db8::8')), {
    minLength: 1,
    maxLength: 3,
  }),
  ports: fc
    .tuple(
      fc.integer({ min: 1, max: 65535 }),
      fc.constantFrom('', 'http'),
      fc.constantFrom('TCP', 'UDP', 'SCTP'),
    )
    .map(([port, name, protocol]) => [{ port: String(port), name, protocol }]),
  createAs: fc.constantFrom('EndpointSlice', 'Endpoints', 'Both'),
  allowInternalTarget: fc.boolean(),
});
const payload = fc.oneof(
  { arbitrary: valid, weight: 5 },
  { arbitrary: plausible, weight: 3 },
  { arbitrary: fc.anything(), weight: 1 },
  {
    arbitrary: fc.record({
      namespace: fc.anything(),
      name: fc.anything(),
      addresses: fc.anything(),
      ports: fc.anything(),
    }),
    weight: 1,
  },
);
const injection = fc.option(
  fc.record({
    at: fc.integer({ min: 0, max: 40 }),
    how: fc.constantFrom('throw' as const, '500' as const, 'lose-answer' as const),
  }),
  { nil: undefined },
);

describe('fuzz: the create path', () => {
  it('never crashes, never creates an invalid object, never leaves a partial pair', async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(payload, injection, injection, async (input, previewFault, createFault) => {
        const inject = (fault: typeof previewFault): KubeSend =>
          fault ? failing(send, (_r, i) => i === fault.at, fault.how) : send;
        const preview = await previewExternalService(
          { send: inject(previewFault), readOnly: false },
          input,
        );
        let created: Awaited<ReturnType<typeof createExternalService>> | undefined;
        if (preview.status === 'preview') {
          created = await createExternalService(
            { send: inject(createFault), readOnly: false },
            { input: { ...(input as object), requestId: preview.requestId }, hash: preview.hash },
          );
        }
        const key = `${preview.status}${created ? `→${created.status}` : ''}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;

        const left = await ours();
        try {
          const sources = await listFactSources(send);
          // Our own Service's ClusterIP is "internal" to the cluster, but it is not an address we wrote.
          const own = new Set(
            left
              .filter((o) => o.kind === 'Service')
              .flatMap((o) => [(o as { spec?: { clusterIP?: string } }).spec?.clusterIP]),
          );
          const factsWithoutOwn = {
            namespaces: sources.namespaces,
            internal: internalAddressesOf(
              internalTargetsOf(sources, true).filter((x) => !own.has(x.address)),
            ),
          };
          const byRequest = new Map<string, Obj[]>();
          for (const o of left) {
            const id = o.metadata.annotations?.[REQUEST_ID_ANNOTATION] ?? '?';
            byRequest.set(id, [...(byRequest.get(id) ?? []), o]);
          }
          for (const [id, group] of byRequest) {
            assert.deepEqual(
              validateManifests(group, factsWithoutOwn),
              [],
              `invalid objects left for request ${id}`,
            );
          }
          if (preview.status === 'preview' && created?.status === 'created') {
            const expected = preview.manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
            const got = (byRequest.get(preview.requestId) ?? [])
              .map((o) => `${o.kind}/${o.metadata.name}`)
              .sort();
            assert.deepEqual(
              got,
              expected,
              'a create left a different set than the preview showed',
            );
          } else {
            assert.equal(
              left.length,
              0,
              `nothing may be left after ${key}: ${left.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
            );
          }
        } finally {
          await cleanUp(left);
        }
      }),
      { numRuns: 120, seed: 2026, endOnFailure: true },
    );
    console.log('fuzz outcomes:', JSON.stringify(outcomes));
    assert.ok((outcomes['preview→created'] ?? 0) > 0, 'no run reached a create');
  });
});
