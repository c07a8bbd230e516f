/**
 * client-node as the dashboard loads it (lib/k8s/kubeconfig.ts), against the embedded cluster
 * over HTTPS like any client: the kubeconfig the cluster writes trusts exactly its CA
 * (`certificate-authority-data`, no `insecure-skip-tls-verify`); the dashboard's own transport
 * (watches, `/version`, preflight) and client-node's API clients verify the serving certificate
 * with it; and a kubeconfig that trusts another CA, or only the system's roots, is refused with
 * a certificate error — nothing skips verification.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { readClusterIdentity } from './cluster-identity';
import { loadKubeConfig } from './kubeconfig';
import { preflight } from './preflight';
import { createKubeTransport, readBody } from './transport';

let cluster: EmbeddedCluster;
let other: EmbeddedCluster;

before(async () => {
  [cluster, other] = await Promise.all([startCluster('empty'), startCluster('empty')]);
});

after(async () => {
  await Promise.all([cluster?.stop(), other?.stop()]);
});

/** The cluster's kubeconfig with its trust replaced (its server and token kept). */
function withTrust(kubeconfig: string, trust: { caData?: string }): KubeConfig {
  const loaded = loadKubeConfig({ SWITCHBOARD_KUBECONFIG: kubeconfig });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: loaded.getCurrentCluster()!.server, ...trust }],
    users: [{ name: 'u', token: loaded.getCurrentUser()!.token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

const certificateError = (error: unknown): boolean => {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: string };
  const code = String(e.code ?? e.cause?.code ?? '');
  return /CERT|SIGNATURE|SELF_SIGNED/.test(code) || /certificate/i.test(e.message ?? '');
};

describe('client-node over HTTPS with the cluster CA', () => {
  it('the kubeconfig trusts the CA and skips nothing', () => {
    const kc = loadKubeConfig({ SWITCHBOARD_KUBECONFIG: cluster.kubeconfig });
    const current = kc.getCurrentCluster()!;
    assert.match(current.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(current.caData, 'certificate-authority-data');
    assert.ok(!current.skipTLSVerify, 'no insecure-skip-tls-verify');
  });

  it('the dashboard transport, the identity read and preflight verify with it', async () => {
    const kc = loadKubeConfig({ SWITCHBOARD_KUBECONFIG: cluster.kubeconfig });
    const transport = createKubeTransport(kc);
    const response = await transport.get('/api/v1/namespaces', AbortSignal.timeout(10_000));
    assert.equal(response.statusCode, 200);
    assert.equal((JSON.parse(await readBody(response)) as { kind: string }).kind, 'NamespaceList');
    assert.equal((await readClusterIdentity(transport)).simulated, true);
    const checked = await preflight(kc);
    assert.ok(checked.ok, JSON.stringify(checked));
  });

  it("client-node's API clients verify with it", async () => {
    const kc = loadKubeConfig({ SWITCHBOARD_KUBECONFIG: cluster.kubeconfig });
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    assert.ok(list.items.some((n) => n.metadata?.name === 'default'));
  });

  it('a kubeconfig trusting another CA, or only the system roots, is refused', async () => {
    const foreignCa = loadKubeConfig({
      SWITCHBOARD_KUBECONFIG: other.kubeconfig,
    }).getCurrentCluster()!.caData!;
    for (const kc of [
      withTrust(cluster.kubeconfig, { caData: foreignCa }),
      withTrust(cluster.kubeconfig, {}),
    ]) {
      await assert.rejects(
        createKubeTransport(kc).get('/version', AbortSignal.timeout(10_000)),
        certificateError,
      );
      await assert.rejects(kc.makeApiClient(CoreV1Api).listNamespace(), certificateError);
      const checked = await preflight(kc);
      assert.equal(checked.ok, false);
    }
  });
});
