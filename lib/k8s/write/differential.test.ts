/**
 * Differential test: our validation against the embedded cluster's
 * apiserver validation, with dryRun=All. For every table case and for random inputs:
 *  - whenever we accept, the apiserver accepts every object we would create (all three kinds);
 *  - whenever the apiserver rejects the equivalent objects, we reject.
 * It prints how often each side rejected, so the stricter-than-apiserver margin is visible.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CASES } from '@/lib/topology/validation/testing/cases';
import { buildManifests, validateExternalService, type Manifest } from '@/lib/topology/validation';
import { ok, type KubeSend } from './client';
import { collectionPath } from '../kinds';
import { dualStack, startTestCluster, type TestCluster } from './testing/test-cluster';

let t: TestCluster;
let send: KubeSend;
before(async () => {
  t = await startTestCluster('empty');
  // Which IP families a cluster serves is its capability, not a rule of the input: the preview
  // checks it against the cluster (cluster-answers.ts familyProblem). The embedded cluster serves
  // IPv4 only, so it is asked as a dual-stack one would be.
  send = dualStack(t.send());
});
after(async () => {
  await t?.cluster.stop();
});

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const portValue = (p: unknown) =>
  typeof p === 'number'
    ? p
    : typeof p === 'string' && /^-?\d+$/.test(p)
      ? Number(p)
      : p === ''
        ? 0
        : p;

/** The objects a case stands for, built without any of our validation. */
function rawObjects(input: unknown): Manifest[] | undefined {
  const i = rec(input);
  if (typeof i.namespace !== 'string' || typeof i.name !== 'string' || !i.namespace)
    return undefined;
  if (!Array.isArray(i.addresses) || !Array.isArray(i.ports)) return undefined;
  const ns = i.namespace;
  const name = i.name;
  const ports = i.ports.map((p) => rec(p));
  const addresses = i.addresses.map(String);
  const portName = (p: Record<string, unknown>) =>
    typeof p.name === 'string' && p.name ? { name: p.name } : {};
  const protocol = (p: Record<string, unknown>) =>
    typeof p.protocol === 'string' ? p.protocol : 'TCP';
  const objects: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: {
        ports: ports.map((p) => ({
          ...portName(p),
          protocol: protocol(p),
          port: portValue(p.port),
          targetPort: portValue(p.port),
        })),
      },
    },
  ];
  const families: Record<string, string[]> = {};
  for (const a of addresses) {
    const family = a.includes(':')
      ? 'IPv6'
      : /[a-z]/i.test(a) && !a.includes('/')
        ? 'FQDN'
        : 'IPv4';
    (families[family] ??= []).push(a);
  }
  for (const [family, list] of Object.entries(families)) {
    objects.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${name}-${family.toLowerCase()}`,
        namespace: ns,
        labels: { 'kubernetes.io/service-name': name },
      },
      addressType: family,
      endpoints: list.map((a) => ({ addresses: [a] })),
      ports: ports.map((p) => ({
        name: typeof p.name === 'string' ? p.name : '',
        protocol: protocol(p),
        port: portValue(p.port),
      })),
    });
  }
  objects.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: ns },
    subsets: [
      {
        addresses: addresses.map((ip) => ({ ip })),
        ports: ports.map((p) => ({
          ...portName(p),
          protocol: protocol(p),
          port: portValue(p.port),
        })),
      },
    ],
  });
  return objects;
}

/** Does the apiserver accept every object (dry run)? Returns the first refusal's message. */
async function apiserverAccepts(
  objects: readonly Manifest[],
): Promise<{ accepted: boolean; message?: string }> {
  for (const o of objects) {
    const response = await send({
      method: 'POST',
      path: `${collectionPath(o.kind, o.metadata.namespace)}?dryRun=All`,
      body: o,
    });
    if (!ok(response))
      return {
        accepted: false,
        message: `${o.kind}: ${String(rec(response.body).message ?? response.status)}`,
      };
  }
  return { accepted: true };
}

/** Our verdict plus the apiserver's on the same submission; fails on any unsafe disagreement. */
async function compare(input: unknown, facts?: Parameters<typeof validateExternalService>[1]) {
  const ours = validateExternalService(input, facts);
  if (ours.ok) {
    // Everything we would create, in all three kinds, must pass the apiserver.
    const built = buildManifests({ ...ours.value, createAs: 'Both' });
    const verdict = await apiserverAccepts(built);
    assert.ok(
      verdict.accepted,
      `we accept ${JSON.stringify(input)} but the apiserver rejects: ${verdict.message}`,
    );
    return { ours: 'accepts', apiserver: 'accepts' } as const;
  }
  const raw = rawObjects(input);
  if (!raw) return { ours: 'rejects', apiserver: 'n/a' } as const;
  const verdict = await apiserverAccepts(raw);
  return { ours: 'rejects', apiserver: verdict.accepted ? 'accepts' : 'rejects' } as const;
}

describe('differential: our validation vs the apiserver (dryRun=All)', () => {
  it(`never accepts what the apiserver rejects: ${CASES.length} table cases`, async () => {
    const tally: Record<string, number> = {};
    const disagreeWithTable: string[] = [];
    for (const c of CASES) {
      const r = await compare(c.input, c.facts);
      tally[`ours ${r.ours} / apiserver ${r.apiserver}`] =
        (tally[`ours ${r.ours} / apiserver ${r.apiserver}`] ?? 0) + 1;
      if (r.apiserver !== 'n/a' && c.apiserver !== 'n/a' && r.apiserver !== c.apiserver) {
        disagreeWithTable.push(`${c.title}: table says ${c.apiserver}, cluster ${r.apiserver}`);
      }
    }
    console.log('differential tally (table):', JSON.stringify(tally));
    if (disagreeWithTable.length)
      console.log(
        'apiserver verdicts differing from the table notes:\n  ' + disagreeWithTable.join('\n  '),
      );
    assert.equal(tally['ours accepts / apiserver rejects'] ?? 0, 0);
  });

  it('never accepts what the apiserver rejects: random inputs', async () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const ipv6 = fc.array(hex, { minLength: 8, maxLength: 8 }).map((g) => g.join(':'));
    const special = fc.constantFrom(
      '127.0.0.1',
      '0.0.0.0',
      '::',
      '::1',
      '169.254.169.254',
      'fe80::1',
      '224.0.0.9',
      'ff02::2',
      '::ffff:127.0.0.1',
      '010.0.0.1',
      'db.example.com',
      '',
      '1.2.3',
    );
    const address = fc.oneof(ipv4, ipv4, ipv6, special, fc.string({ maxLength: 20 }));
    const name = fc.oneof(
      fc.constantFrom('web', 'a', 'db-1', 'Bad_Name', '1x', 'x-', 'a'.repeat(63), 'a'.repeat(64)),
      fc.stringMatching(/^[a-z0-9-]{0,12}$/),
    );
    const port = fc.oneof(
      fc.integer({ min: -5, max: 70000 }).map(String),
      fc.constantFrom('80', '0', '65535', '65536', 'http', ''),
    );
    const portName = fc.oneof(
      fc.constantFrom('', 'http', 'apache', 'a--b', '1234', 'Http', 'x_y', 'abcdefghijklmnop'),
      fc.stringMatching(/^[a-z0-9-]{0,16}$/),
    );
    const protocol = fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp', '', 'HTTP');
    const hostile = fc.record({
      namespace: fc.constant('default'),
      name,
      addresses: fc.array(address, { minLength: 0, maxLength: 3 }),
      ports: fc.array(fc.record({ port, name: portName, protocol }), {
        minLength: 0,
        maxLength: 3,
      }),
      createAs: fc.constantFrom('EndpointSlice', 'Endpoints', 'Both'),
    });
    // Mostly-valid submissions, so that "we accept" is exercised too.
    const plausible = fc.record({
      namespace: fc.constant('default'),
      name: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
      addresses: fc.uniqueArray(fc.oneof(ipv4, ipv4, ipv6), { minLength: 1, maxLength: 3 }),
      ports: fc
        .tuple(
          fc.integer({ min: 1, max: 65535 }),
          fc.constantFrom('', 'http', 'db'),
          fc.constantFrom('TCP', 'UDP', 'SCTP'),
        )
        .map(([p, n, proto]) => [{ port: String(p), name: n, protocol: proto }]),
      createAs: fc.constantFrom('EndpointSlice', 'Endpoints', 'Both'),
    });
    const input = fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: hostile, weight: 2 });
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const r = await compare(i);
        tally[`ours ${r.ours} / apiserver ${r.apiserver}`] =
          (tally[`ours ${r.ours} / apiserver ${r.apiserver}`] ?? 0) + 1;
      }),
      { numRuns: 300, seed: 4 },
    );
    console.log('differential tally (random, seed 4):', JSON.stringify(tally));
    assert.equal(tally['ours accepts / apiserver rejects'] ?? 0, 0);
    assert.ok(
      (tally['ours accepts / apiserver accepts'] ?? 0) > 0,
      'the generator never produced a valid input',
    );
  });
});
