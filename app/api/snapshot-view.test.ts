/**
 * The dashboard serving a recorded snapshot (`switchboard view FILE`: SWITCHBOARD_SNAPSHOT_FILE)
 * with no cluster: the records are read from the embedded cluster once, saved as a
 * `switchboard.snapshot/v1` file, and the cluster is stopped before any route is asked. Then
 * `/api/graph` is the graph those records make (the builder `/api/graph?at=` uses), the records
 * at the snapshot's instant are the file's and every other instant is refused naming the one it
 * holds, changes are refused, the snapshot saves again as it was, the server is ready, writes are
 * refused as read-only and reachability probes are refused, and a Service's timeline is the
 * file's trail before the instant (or, for a Service the trail does not name, starts at the
 * snapshot's instant, not when the file was opened); its ExternalName Services are diagnosed with
 * the DNS answers the file carries (one that did not resolve is broken, as it was live), and one
 * it has no answer for says it was not looked up when the snapshot was taken. Its own file: the registry is read
 * once per process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphResponse, RecordsAtResponse, SnapshotTrail } from '@/lib/api/history';
import type { ReachabilityAnswer, ServiceTimeline } from '@/lib/api/diagnostics';
import { ServiceHistory } from '@/lib/diagnostics/service-history';
import { makeSnapshot, parseSnapshot } from '@/lib/history/snapshot';
import { loadClusterConnection } from '@/lib/k8s/connection';
import { Hub } from '@/lib/k8s/hub';
import { getDashboardHub } from '@/lib/k8s/server';
import { buildTopologyWithDiagnoses } from '@/lib/topology';
import { toClusterSnapshot, type SlimRecord } from '@/lib/topology/records';
import { startCluster } from '../../e2e/harness';
import { GET as changes } from './changes/route';
import { POST as create } from './external-services/route';
import { GET as graph } from './graph/route';
import { GET as records } from './records/route';
import { POST as reachability } from './services/[namespace]/[name]/reachability/route';
import { GET as snapshot } from './snapshot/route';
import { GET as timeline } from './services/[namespace]/[name]/timeline/route';
import { GET as readyz } from '../readyz/route';
import { GET as metrics } from '../metrics/route';
import { GET as clusters } from './clusters/route';
import { GET as dns } from './dns/route';
import type { DnsResult } from '@/lib/diagnostics/dns';
import { serviceRecord } from '@/lib/topology/testing/objects';
import type { ClustersAnswer } from '@/lib/api/clusters';
import { call, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

const AT = '2026-12-02T03:12:05.000Z';
const TAKEN_AT = '2026-12-02T04:40:00.000Z';
const SINCE = '2026-12-02T02:12:05.000Z';
const CREATED = '2026-12-01T00:00:00Z';
const ADDED_AT = '2026-12-02T03:02:05.000Z';
/** Two ExternalName Services: the file carries a failed lookup for the first, none for the other. */
const BROKEN_NAME = serviceRecord('payments', 'billing-gateway', {
  type: 'ExternalName',
  externalName: 'billing.partner.invalid',
});
const UNCHECKED_NAME = serviceRecord('payments', 'ledger', {
  type: 'ExternalName',
  externalName: 'ledger.partner.internal',
});
const CARRIED_DNS: Record<string, DnsResult> = {
  'billing.partner.invalid': {
    ok: false,
    error: 'NXDOMAIN: "billing.partner.invalid" does not resolve',
    checkedAt: AT,
  },
};
let recorded: SlimRecord[];
let clusterName: string;

before(async () => {
  // Read a real cluster once, save it, and stop it: nothing answers for it afterwards.
  const cluster = await startCluster('seed');
  const live = new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: cluster.kubeconfig }),
  });
  try {
    assert.ok(await live.waitForSync(60_000), 'the embedded cluster was read');
    await live.identify();
    // The file says its Services were made the day before its instant (the embedded cluster
    // made them just now): a trail before the instant is then about Services that existed.
    // The cluster's Events are left out: dated now, after the file's instant, they are nothing
    // the records at that instant could hold (and whether the pods' Events are out yet when
    // the cluster is read is a race).
    recorded = live.cache
      .records()
      .filter((r) => r.kind !== 'Event')
      .map((r): SlimRecord =>
        r.kind === 'Service' ? { ...r, meta: { ...r.meta, creationTimestamp: CREATED } } : r,
      )
      .concat(BROKEN_NAME, UNCHECKED_NAME);
    clusterName = live.info.name;
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-view-')), 'snapshot.json');
    writeFileSync(
      file,
      JSON.stringify(
        makeSnapshot(
          live.info,
          Date.parse(AT),
          Date.parse(TAKEN_AT),
          recorded,
          trailOf(recorded),
          CARRIED_DNS,
        ),
      ),
    );
    process.env.SWITCHBOARD_SNAPSHOT_FILE = file;
    process.env.SWITCHBOARD_READ_ONLY = '1';
    delete process.env.SWITCHBOARD_KUBECONFIG;
  } finally {
    await live.stop();
    await cluster.stop();
  }
});

/** The Service whose trail the file carries: the first with endpoints. */
function servedSlice(records: SlimRecord[]) {
  const slice = records.find(
    (r): r is Extract<SlimRecord, { kind: 'EndpointSlice' }> =>
      r.kind === 'EndpointSlice' && r.serviceName !== undefined && r.endpoints.length > 0,
  );
  assert.ok(slice, 'the seed scenario has a Service with endpoints');
  return { slice, service: { namespace: slice.meta.namespace, name: slice.serviceName! } };
}

/** A trail in which the Service's last endpoint was added ten minutes before the instant. */
function trailOf(records: SlimRecord[]): SnapshotTrail {
  const { service } = servedSlice(records);
  const history = new ServiceHistory({ now: () => Date.parse(AT) });
  history.apply({ upserts: records, deletes: [] }, { initial: true });
  const endpoints = history.stateAt(service.namespace, service.name, Date.parse(AT)).endpoints;
  const added = endpoints.at(-1)!;
  return {
    since: SINCE,
    baselines: [{ service, at: SINCE, endpoints: endpoints.slice(0, -1) }],
    entries: [
      {
        at: ADDED_AT,
        type: 'endpoint',
        change: 'added',
        address: added.address,
        to: added.state,
        ...(added.pod ? { pod: added.pod } : {}),
        ...(added.nodeName ? { nodeName: added.nodeName } : {}),
        service,
      },
    ],
  };
}

/** What the view answers for a name the file has no DNS answer for. */
const NOT_CARRIED: DnsResult = {
  ok: true,
  skipped: true,
  error: 'not looked up when the snapshot was taken',
  checkedAt: TAKEN_AT,
};

after(async () => {
  await getDashboardHub().stop();
});

describe('a recorded snapshot served with no cluster', () => {
  it('/api/graph is the graph of the recorded records, labelled as the snapshot', async () => {
    const body = await expectJson<GraphResponse>(await call(graph, '/api/graph'));
    const expected = buildTopologyWithDiagnoses(toClusterSnapshot(recorded), {
      dnsResults: { ...CARRIED_DNS, 'ledger.partner.internal': NOT_CARRIED },
    });
    assert.ok(expected.topology.services.length > 0);
    assert.deepEqual(body.topology, JSON.parse(JSON.stringify(expected.topology)));
    assert.deepEqual(body.diagnoses, JSON.parse(JSON.stringify(expected.diagnoses)));
    assert.equal(body.cluster.name, clusterName);
    assert.equal(body.cluster.readOnly, true);
    assert.equal(body.cluster.simulated, true);
    assert.deepEqual(body.cluster.snapshot, { at: AT, takenAt: TAKEN_AT });
    assert.equal(body.sync.connection, 'snapshot');
  });

  it('diagnoses its ExternalNames with the DNS answers it carries, and says which it has none for', async () => {
    const answers = await expectJson<Record<string, DnsResult>>(await call(dns, '/api/dns'));
    assert.deepEqual(answers, { ...CARRIED_DNS, 'ledger.partner.internal': NOT_CARRIED });
    const body = await expectJson<GraphResponse>(await call(graph, '/api/graph'));
    const of = (name: string) => body.diagnoses.find((d) => d.name === name)!;
    assert.equal(of('billing-gateway').health, 'broken');
    assert.equal(of('billing-gateway').reasons[0]?.code, 'external-name-unresolved');
    const unchecked = of('ledger').reasons.flatMap((r) => r.evidence);
    assert.equal(
      unchecked.find((e) => e.kind === 'DNS')?.value,
      'not looked up when the snapshot was taken',
    );
  });

  it('is ready at once, and says it is a snapshot on /readyz, /api/clusters and /metrics', async () => {
    const ready = await call(readyz, '/readyz');
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { clusters: { state: string }[] };
    assert.deepEqual(
      body.clusters.map((c) => c.state),
      ['snapshot'],
    );
    const listed = await expectJson<ClustersAnswer>(await call(clusters, '/api/clusters'));
    assert.deepEqual(
      listed.clusters.map((c) => c.state),
      ['snapshot'],
    );
    const text = await (await call(metrics, '/metrics')).text();
    assert.match(text, /^switchboard_cluster_state\{cluster="[^"]+",state="snapshot"\} 1$/m);
    assert.match(text, /^switchboard_cluster_state\{cluster="[^"]+",state="syncing"\} 0$/m);
  });

  it('answers its own instant from the file and refuses every other one, naming it', async () => {
    const at = await expectJson<RecordsAtResponse>(
      await call(records, `/api/records?at=${encodeURIComponent(AT)}`),
    );
    const uids = (list: SlimRecord[]) => list.map((r) => r.meta.uid).sort();
    assert.deepEqual(uids(at.records), uids(recorded));
    for (const other of ['2026-12-02T03:12:04Z', '2026-12-02T03:12:06Z']) {
      const problem = await expectProblem(
        await call(records, `/api/records?at=${other}`),
        'not-found',
        404,
      );
      assert.equal((problem as { snapshotAt?: string }).snapshotAt, AT);
      assert.match(problem.detail ?? '', /that one instant is all it holds/);
    }
    await expectProblem(
      await call(changes, `/api/changes?from=${encodeURIComponent(AT)}`),
      'not-found',
      404,
    );
  });

  it("a Service's timeline is the file's trail before the instant, and nothing after it", async () => {
    const { slice, service: params } = servedSlice(recorded);
    const path = `/api/services/${params.namespace}/${params.name}/timeline`;
    const at = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=${encodeURIComponent(AT)}`, {}, params),
    );
    assert.equal(at.retainedSince, SINCE);
    assert.deepEqual(
      at.entries.map((e) => [e.at, e.type, e.type === 'endpoint' ? e.change : '']),
      [[ADDED_AT, 'endpoint', 'added']],
      'the trail, and no change made up when the records were attached',
    );
    assert.ok(at.state && !at.state.noData, JSON.stringify(at.state));
    const addresses = slice.endpoints.flatMap((e) => e.addresses).sort();
    assert.deepEqual(at.state.endpoints.map((e) => e.address).sort(), addresses);
    const before = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=2026-12-02T02:30:00Z`, {}, params),
    );
    assert.equal(before.state?.endpoints.length, at.state.endpoints.length - 1);
    const beforeTrail = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=2026-12-02T02:12:04Z`, {}, params),
    );
    assert.ok(beforeTrail.state?.noData, JSON.stringify(beforeTrail.state));
    assert.equal(beforeTrail.state.noData.since, SINCE);
  });

  it("a Service the trail does not name starts at the snapshot's instant, not when the file was opened", async () => {
    const { service: traced } = servedSlice(recorded);
    const other = recorded.find(
      (r) =>
        r.kind === 'Service' &&
        !(r.meta.namespace === traced.namespace && r.meta.name === traced.name),
    );
    assert.ok(other, 'the seed scenario has a second Service');
    const params = { namespace: other.meta.namespace, name: other.meta.name };
    const path = `/api/services/${params.namespace}/${params.name}/timeline`;
    const at = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=${encodeURIComponent(AT)}`, {}, params),
    );
    assert.equal(at.retainedSince, AT);
    assert.deepEqual(at.entries, [], 'a snapshot records no changes at its instant');
    const before = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=2026-12-02T03:12:04Z`, {}, params),
    );
    assert.ok(before.state?.noData, JSON.stringify(before.state));
    assert.equal(before.state.noData.since, AT);
  });

  it('saves again as the same snapshot: its instant, its records', async () => {
    const response = await call(snapshot, '/api/snapshot');
    assert.equal(response.status, 200);
    const parsed = parseSnapshot(await response.text());
    assert.ok(parsed.ok);
    assert.equal(parsed.snapshot.at, AT);
    assert.equal(parsed.snapshot.takenAt, TAKEN_AT);
    assert.equal(parsed.snapshot.cluster.snapshot, undefined);
    assert.equal(parsed.snapshot.records.length, recorded.length);
    assert.deepEqual(parsed.snapshot.trail, JSON.parse(JSON.stringify(trailOf(recorded))));
    // Its own DNS answers, not the ones it never had.
    assert.deepEqual(parsed.snapshot.dns, CARRIED_DNS);
  });

  it('refuses writes as read-only', async () => {
    const response = await call(create, '/api/external-services', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: { namespace: 'default', name: 'outside', addresses: ['203.0.113.7'], ports: [] },
    });
    await expectProblem(response, 'read-only', 403);
  });

  it('probes nothing: every external endpoint of a Service is refused', async () => {
    const slices = recorded.filter(
      (r): r is Extract<SlimRecord, { kind: 'EndpointSlice' }> =>
        r.kind === 'EndpointSlice' && r.endpoints.some((e) => !e.targetRef),
    );
    const slice = slices[0];
    assert.ok(slice, 'the seed scenario has a Service with an address outside the cluster');
    const name = slice.serviceName!;
    const response = await call(
      reachability,
      `/api/services/${slice.meta.namespace}/${name}/reachability`,
      { method: 'POST', headers: SAME_ORIGIN, body: {} },
      { namespace: slice.meta.namespace, name },
    );
    const body = await expectJson<ReachabilityAnswer>(response);
    assert.ok(body.results.length > 0);
    for (const result of body.results) assert.match(JSON.stringify(result), /not probed/);
  });
});
