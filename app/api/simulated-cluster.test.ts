/**
 * The embedded cluster reached through a kubeconfig like any other cluster (started separately,
 * its context renamed so nothing can go by the name) is known to be simulated from its
 * `/version`, and then nothing the dashboard does leaves loopback: the reachability check, the
 * DNS answers, the graph and a Service's diagnosis in this process, and `switchboard diagnose`.
 * Every TCP connect and DNS lookup of this process is observed at Node's boundary; anything not
 * loopback is stopped before a packet is sent and fails the test. The observer itself is shown
 * to catch the probe and lookup functions first.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReachabilityAnswer } from '@/lib/api/diagnostics';
import { createDnsChecker, type DnsResult } from '@/lib/diagnostics/dns';
import { connectOnce } from '@/lib/diagnostics/reachability';
import { observeNetwork, type NetworkObserver } from '@/lib/diagnostics/testing/network-observer';
import { getDashboardHub } from '@/lib/k8s/server';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { main as diagnose } from '../../cli/diagnose';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as dns } from './dns/route';
import { GET as graph } from './graph/route';
import { GET as diagnosis } from './services/[namespace]/[name]/diagnosis/route';
import { POST as reachability } from './services/[namespace]/[name]/reachability/route';
import { stopDashboard } from './testing/dashboard';
import { call, eventually, expectJson, SAME_ORIGIN } from './testing/routes';

/** A name that resolves on the internet; the ExternalName Service points at it. */
const EXTERNAL_NAME = 'api.stripe.com';

let observer: NetworkObserver;
let cluster: EmbeddedCluster;
let dir: string;
let kubeconfig: string;

before(async () => {
  observer = observeNetwork();
  cluster = await startCluster('seed');
  dir = mkdtempSync(join(tmpdir(), 'switchboard-simulated-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    readFileSync(cluster.kubeconfig, 'utf8').replaceAll('switchboard-embedded', 'staging'),
  );
  const created = await cluster.kubectl(
    'create',
    'service',
    'externalname',
    'billing',
    `--external-name=${EXTERNAL_NAME}`,
  );
  assert.equal(created.code, 0, created.stderr);
});

after(async () => {
  await stopDashboard(cluster);
  observer?.restore();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an embedded cluster reached through a kubeconfig', () => {
  it('(the observer stops and reports a probe and a lookup that would leave loopback)', async () => {
    const probe = await connectOnce('10.10.50.53', 80, 2000);
    assert.equal(probe.ok, false);
    assert.match(probe.error ?? '', /blocked by the test/);
    const looked = await createDnsChecker({ simulated: false }).resolve(EXTERNAL_NAME);
    assert.equal(looked.ok, false);
    assert.deepEqual(observer.foreign(), ['connect 10.10.50.53:80', `lookup ${EXTERNAL_NAME}`]);
    observer.reset();
  });

  it('is simulated by its /version, and no probe or lookup leaves loopback', async () => {
    process.env.SWITCHBOARD_KUBECONFIG = kubeconfig;
    const hub = getDashboardHub();
    assert.equal(await hub.waitForSync(60_000), true);
    const identity = await hub.identify();
    assert.match(identity.gitVersion, /^v1\.\d+\.0\+switchboard$/);
    assert.equal(hub.info.simulated, true);
    assert.equal(hub.info.name, 'staging');
    await eventually('the hub holds billing', async () =>
      hub.cache.list('Service').some((s) => s.meta.name === 'billing'),
    );

    const probed = await expectJson<ReachabilityAnswer>(
      await call(
        reachability,
        '/api/services/default/external-web/reachability',
        { method: 'POST', headers: SAME_ORIGIN, body: {} },
        { namespace: 'default', name: 'external-web' },
      ),
    );
    assert.ok(probed.results.some((r) => r.address === '10.10.50.53'));
    for (const r of probed.results) {
      assert.equal(r.skipped, true);
      assert.match(r.error ?? '', /simulated/);
    }

    const answers = await expectJson<Record<string, DnsResult>>(await call(dns, '/api/dns'));
    assert.equal(answers[EXTERNAL_NAME]?.skipped, true);
    await expectJson(await call(graph, '/api/graph'));
    const one = await expectJson<ServiceDiagnosis>(
      await call(
        diagnosis,
        '/api/services/default/billing/diagnosis',
        {},
        {
          namespace: 'default',
          name: 'billing',
        },
      ),
    );
    assert.equal(one.name, 'billing');

    // The CLI decides the same way, from the same kubeconfig.
    const printed: string[] = [];
    const log = console.log;
    console.log = (text: string) => printed.push(text);
    try {
      await diagnose(['default/billing', '--kubeconfig', kubeconfig, '--json']);
    } finally {
      console.log = log;
      process.exitCode = undefined;
    }
    assert.equal((JSON.parse(printed.join('\n')) as ServiceDiagnosis).name, 'billing');

    assert.deepEqual(observer.foreign(), []);
    assert.ok(
      observer.connects.some((c) => c.startsWith('127.0.0.1:')),
      'the dashboard reached its cluster through the observed boundary',
    );
  });
});
