/**
 * The form's internal-address check reads the hub's cache: against the embedded cluster, with a
 * live synced hub a preview's facts take no LIST of namespaces, Services, pods or nodes (requests
 * counted on the client), and are the very facts the LISTs give; without a live hub the LISTs
 * are made as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCidr, parseIp, type ClusterFacts } from '@/lib/topology/validation';
import { Hub } from '../hub';
import { createKubeTransport } from '../transport';
import type { KubeSend } from './client';
import { internalTargetsOf, type FactSources } from './fact-sources';
import { listFactSources, loadClusterFacts, loadWriteFacts } from './facts';
import { factsFromHub, hubCanAnswerFacts, SERVICE_CIDR_TTL_MS } from './hub-facts';
import { startTestCluster, type TestCluster } from './testing/test-cluster';

let t: TestCluster;
let hub: Hub;
before(async () => {
  t = await startTestCluster('seed');
  const kubeConfig = t.kubeConfig();
  hub = new Hub({
    connection: { kubeConfig, info: { name: 'test', simulated: true, readOnly: false } },
    transport: createKubeTransport(kubeConfig),
  });
  assert.equal(await hub.waitForSync(30_000), true);
});
after(async () => {
  await hub?.stop();
  await t?.cluster.stop();
});

/** `send`, counting what it asks the cluster. */
function counting(send: KubeSend) {
  const paths: string[] = [];
  const wrapped: KubeSend = (request) => {
    paths.push(`${request.method} ${request.path.split('?')[0]}`);
    return send(request);
  };
  // Collections only: the apiserver's own Endpoints (one GET by name) is not a LIST.
  const lists = () => paths.filter((p) => !p.endsWith('/endpoints/kubernetes'));
  return { send: wrapped, paths, lists };
}

/**
 * What `facts` answers for every address the cluster's facts name, and for addresses inside and
 * just outside each CIDR among them: the owner a finding would name, or none.
 */
function answers(facts: ClusterFacts, sources: FactSources) {
  const probes = new Set<string>(['192.0.2.1', '2001:db8::1']);
  for (const { address } of internalTargetsOf(sources, true)) {
    const cidr = parseCidr(address);
    if (!cidr) probes.add(address);
    else
      for (const last of [0, 1, 255]) {
        const bytes = [...cidr.base.bytes];
        bytes[bytes.length - 1] = last;
        probes.add(cidr.base.family === 'IPv4' ? bytes.join('.') : ipv6(bytes));
      }
  }
  return {
    namespaces: facts.namespaces,
    found: [...probes].map((text) => {
      const ip = parseIp(text);
      return `${text} → ${ip ? (facts.internal.find(ip)?.what ?? 'none') : 'not an IP'}`;
    }),
  };
}

const ipv6 = (bytes: number[]) =>
  Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(
    ':',
  );

describe('internal-address facts from the hub', () => {
  it('a live hub answers with no LIST of namespaces, Services, pods or nodes, and the same facts', async () => {
    assert.equal(hubCanAnswerFacts(hub), true, JSON.stringify([...hub.watchStates()]));
    for (const names of [true, false]) {
      const listed = counting(t.send());
      const fresh = await loadClusterFacts(listed.send, { names });
      assert.equal(listed.lists().length, 5, listed.paths.join('\n'));

      const cached = counting(t.send());
      const deps = {
        send: cached.send,
        readOnly: false,
        nameFacts: names,
        cachedFacts: (send: KubeSend, o: { names: boolean }) => factsFromHub(hub, send, o),
      };
      const fromHub = await loadWriteFacts(deps);
      const sources = await listFactSources(t.send());
      const expected = answers(fresh, sources);
      assert.ok(
        expected.found.filter((f) => !f.endsWith('none')).length >= 5,
        expected.found.join('\n'),
      );
      assert.deepEqual(answers(fromHub, sources), expected);
      // The one thing not watched: ServiceCIDRs, read once and kept for a while.
      assert.deepEqual(cached.paths, ['GET /apis/networking.k8s.io/v1/servicecidrs']);
      await loadWriteFacts(deps);
      assert.deepEqual(cached.paths.length, 1, 'a second preview makes no request at all');
    }
    assert.ok(SERVICE_CIDR_TTL_MS <= 60_000);
  });

  it('without a live hub the facts are LISTed as before', async () => {
    const reconnecting = {
      cache: hub.cache,
      watchStates: () =>
        new Map([...hub.watchStates()].map(([k, s]) => [k, { ...s, phase: 'backoff' as const }])),
    };
    assert.equal(hubCanAnswerFacts(reconnecting), false);
    const listed = counting(t.send());
    const facts = await loadWriteFacts({
      send: listed.send,
      readOnly: false,
      cachedFacts: (send, o) => factsFromHub(reconnecting, send, o),
    });
    assert.equal(listed.lists().length, 5, listed.paths.join('\n'));
    const sources = await listFactSources(t.send());
    assert.deepEqual(answers(facts, sources), answers(await loadClusterFacts(t.send()), sources));
  });
});
