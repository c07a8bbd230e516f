/**
 * What routes, as people with part of the access get it through the routes (proxy mode, from a
 * trusted address), against the embedded demo cluster with RBAC:
 * - `noslices` may list services, pods and endpoints but not endpointslices: no cause that needs
 *   the slices anywhere on its graph (mirroring refused, "no endpoints", "selector-less with no
 *   endpoints"); payments/fraud-scoring, whose endpoints are only in a hand-made slice, is
 *   "not judged", health unknown; its access says EndpointSlices are not visible;
 * - `svconly` may list services and endpointslices only: shop/checkout (a targetPort no pod
 *   declares, so its slice has `ports: []`) is broken by its diagnosis route, from the slices
 *   alone; nothing selector-backed is "outside the cluster's pods"; no command offered lists
 *   pods or Endpoints.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphResponse } from '@/lib/api/history';
import { PEER_HEADER } from '@/lib/http/peer-address';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as graph } from './graph/route';
import { GET as diagnosis } from './services/[namespace]/[name]/diagnosis/route';
import { stopDashboard } from './testing/dashboard';
import { call, eventually, expectJson } from './testing/routes';

let cluster: EmbeddedCluster;
const ENV = ['SWITCHBOARD_KUBECONFIG', 'SWITCHBOARD_AUTH', 'SWITCHBOARD_TRUSTED_PROXIES'];

const as = (user: string) => ({
  headers: { [PEER_HEADER]: '127.0.0.2', 'x-forwarded-user': user },
});

async function kubectl(...args: string[]): Promise<void> {
  const r = await cluster.kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
}

/** A ClusterRole that may read `resources` everywhere, bound to `user`. */
async function mayList(user: string, resources: string): Promise<void> {
  await kubectl('create', 'clusterrole', user, '--verb=get,list,watch', `--resource=${resources}`);
  await kubectl('create', 'clusterrolebinding', user, `--clusterrole=${user}`, `--user=${user}`);
}

before(async () => {
  cluster = await startCluster('demo', { extraArgs: ['--authorization-mode', 'RBAC'] });
  await mayList('noslices', 'services,pods,endpoints');
  await mayList('svconly', 'services,endpointslices.discovery.k8s.io');
  process.env.SWITCHBOARD_KUBECONFIG = cluster.kubeconfig;
  process.env.SWITCHBOARD_AUTH = 'proxy';
  process.env.SWITCHBOARD_TRUSTED_PROXIES = '127.0.0.2';
});

after(async () => {
  await stopDashboard(cluster);
  for (const name of ENV) delete process.env[name];
});

const codes = (d: ServiceDiagnosis) => d.reasons.map((r) => r.code);

async function graphOf(user: string): Promise<GraphResponse> {
  return expectJson<GraphResponse>(await call(graph, '/api/graph', as(user)));
}

async function diagnosisOf(user: string, namespace: string, name: string) {
  const path = `/api/services/${namespace}/${name}/diagnosis`;
  return expectJson<ServiceDiagnosis>(await call(diagnosis, path, as(user), { namespace, name }));
}

describe('routing judged from what a person may see', () => {
  it('without EndpointSlices: no cause that needs them; fraud-scoring is not judged', async () => {
    let body: GraphResponse | undefined;
    const named = (ns: string, name: string) =>
      body!.diagnoses.find((d) => d.namespace === ns && d.name === name)!;
    // The demo's controllers have written what the Endpoints and pods say of it.
    await eventually('the demo read', async () => {
      body = await graphOf('noslices');
      return body.sync.connection === 'live' && named('default', 'external-web') !== undefined;
    });
    assert.equal(body!.cluster.access?.visibility.EndpointSlice, undefined);
    assert.equal(body!.cluster.access?.visibility.Pod, true);
    for (const d of body!.diagnoses) {
      for (const code of ['mirroring-refused', 'no-endpoints', 'selectorless-no-endpoints'])
        assert.ok(!codes(d).includes(code as never), `${d.namespace}/${d.name}: ${codes(d)}`);
      for (const c of d.reasons.flatMap((r) => r.commands))
        assert.doesNotMatch(c, /get endpointslices/, `${d.namespace}/${d.name}`);
    }
    const fraud = named('payments', 'fraud-scoring');
    assert.equal(fraud.health, 'unknown');
    assert.deepEqual(codes(fraud), ['not-judged']);
    assert.match(fraud.reasons[0]!.summary, /EndpointSlices, which you may not list/);
    const service = body!.topology.services.find((s) => s.id === fraud.serviceId);
    assert.equal(service?.health, 'unknown', 'the map paints what the diagnosis says');
    assert.equal(service?.endpointsNotJudged, 'not-visible', 'and counts nothing it cannot see');
    for (const s of body!.topology.services) {
      const d = body!.diagnoses.find((x) => x.serviceId === s.id)!;
      assert.equal(
        s.endpointsNotJudged !== undefined,
        codes(d).includes('not-judged'),
        `${s.namespace}/${s.name}: its count is not judged exactly where its routing is not`,
      );
    }
    for (const [ns, name] of [
      ['default', 'external-web'],
      ['payments', 'ledger-db'],
      ['default', 'kubernetes'],
    ] as const) {
      const d = named(ns, name);
      assert.notEqual(d.health, 'broken', `${ns}/${name}: ${codes(d)}`);
    }
  });

  it('Services and EndpointSlices only: checkout is broken from its slice, and says nothing of pods', async () => {
    let checkout: ServiceDiagnosis | undefined;
    // Its pods get IPs from the simulated kubelet, and then the controller lists them.
    await eventually('checkout judged from its slice', async () => {
      checkout = await diagnosisOf('svconly', 'shop', 'checkout');
      return codes(checkout).includes('endpoints-without-port');
    });
    assert.equal(checkout!.health, 'broken');
    assert.match(checkout!.reasons[0]!.summary, /carry no port/);
    const body = await graphOf('svconly');
    for (const d of body.diagnoses) {
      for (const r of d.reasons) {
        for (const c of r.commands) assert.doesNotMatch(c, /get (pods|endpoints) /, d.name);
      }
    }
    // A selector-backed Service's endpoints name pods: they are not "outside the cluster's pods".
    const frontend = body.diagnoses.find((d) => d.namespace === 'shop' && d.name === 'frontend')!;
    assert.equal(frontend.health, 'healthy', codes(frontend).join());
    assert.doesNotMatch(frontend.reasons[0]!.summary, /outside/);
  });
});
