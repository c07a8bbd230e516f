/**
 * The dashboard in a pod, with a bound ServiceAccount token that expires and is rotated: the hub
 * runs on the in-cluster config (KUBERNETES_SERVICE_HOST/_PORT and a ServiceAccount directory
 * holding `token` and `ca.crt`, as the kubelet projects them) against the embedded cluster with
 * RBAC and the audit log on, the read-only overlay applied by real kubectl.
 *
 * It starts with an expired token in the file (signed by the cluster's own key, exp in the past):
 * every list is refused 401, the hub reports it and keeps retrying. Then the file is rotated to a
 * fresh `kubectl create token`: client-node re-reads the file (at most every 60 s, so this test
 * waits that long once) and every watch syncs — the expired token did not wedge them. The audit
 * log shows the ServiceAccount's requests carrying the rotated token's credential id.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AuditEvent } from '../emulator/auth/audit/event';
import { loadOrCreateSigningKey } from '../emulator/auth/serviceaccount/signing-key';
import {
  DEFAULT_ISSUER,
  newTokenId,
  serviceAccountClaims,
  signClaims,
} from '../emulator/auth/serviceaccount/tokens';
import { startKubectlHarness, type KubectlHarness } from '../emulator/testing/kubectl-harness';
import { overlayDir } from './testing/render';
import { Hub } from '../lib/k8s/hub';
import { loadKubeConfig } from '../lib/k8s/kubeconfig';
import { waitFor } from '../lib/k8s/testing/helpers';

const SA = 'system:serviceaccount:switchboard:switchboard';
const CREDENTIAL_ID = 'authentication.kubernetes.io/credential-id';

let dir: string;
let k: KubectlHarness;
let hub: Hub | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'in-cluster-token-'));
  k = await startKubectlHarness(33, {
    kubelet: false,
    certDir: join(dir, 'pki'),
    auditLog: join(dir, 'audit.log'),
  });
  await k.ok('apply', '-k', overlayDir('read-only'));
});
after(async () => {
  await hub?.stop();
  await k?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A token the cluster itself signed for the ServiceAccount, which expired an hour ago. */
async function expiredToken(): Promise<string> {
  const uid = await k.ok(
    'get',
    'serviceaccount',
    'switchboard',
    '-n',
    'switchboard',
    '-o',
    'jsonpath={.metadata.uid}',
  );
  const key = await loadOrCreateSigningKey(join(dir, 'pki'));
  const claims = serviceAccountClaims(DEFAULT_ISSUER, {
    serviceAccount: { namespace: 'switchboard', name: 'switchboard', uid },
    audiences: [DEFAULT_ISSUER],
    expirationSeconds: 600,
    now: new Date(Date.now() - 2 * 3600_000),
    id: newTokenId(),
  });
  return signClaims(key, claims);
}

const jwtId = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;

test('an expired token does not wedge the watches; the rotated one is picked up', async () => {
  const expired = await expiredToken();
  const asExpired = await k.run('--token', expired, 'get', 'namespaces');
  assert.notEqual(asExpired.code, 0, 'the cluster refuses the expired token');

  const saDir = join(dir, 'serviceaccount');
  await mkdir(saDir);
  await writeFile(join(saDir, 'ca.crt'), k.emulator.caCertificate!);
  await writeFile(join(saDir, 'namespace'), 'switchboard');
  await writeFile(join(saDir, 'token'), expired);
  const env = {
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(k.emulator.port),
    SWITCHBOARD_SERVICEACCOUNT_DIR: saDir,
  };
  const kubeConfig = loadKubeConfig(env, join(dir, 'no-home'));
  assert.equal(kubeConfig.getCurrentCluster()?.server, `https://127.0.0.1:${k.emulator.port}`);
  hub = new Hub({
    connection: {
      kubeConfig,
      info: { name: 'in-cluster', simulated: false, readOnly: true },
    },
  });
  hub.start();
  await waitFor(
    'the hub reports the refused token',
    () => /401|Unauthorized|credentials/i.test(hub!.getSyncState().lastError ?? ''),
    60_000,
    100,
  );
  assert.notEqual(hub.getSyncState().connection, 'live');

  const fresh = (await k.ok('create', 'token', 'switchboard', '-n', 'switchboard')).trim();
  await writeFile(join(saDir, 'token'), fresh);
  // client-node re-reads the token file once its copy is 60 s old; then the backoff's next try.
  assert.ok(await hub.waitForSync(180_000), `synced: ${JSON.stringify(hub.getSyncState())}`);
  await waitFor('every watch open', () => hub!.getSyncState().connection === 'live', 60_000, 100);
  const sync = hub.getSyncState();
  for (const kind of ['Namespace', 'Service', 'Pod', 'EndpointSlice']) {
    assert.equal(sync.kinds[kind]?.synced, true, kind);
  }
  await hub.stop();
  hub = undefined;

  await k.emulator.stop();
  const events = (await readFile(join(dir, 'audit.log'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEvent);
  const asSa = events.filter((e) => e.user.username === SA);
  assert.ok(
    asSa.some((e) => e.verb === 'watch'),
    'the ServiceAccount watched',
  );
  const ids = new Set(asSa.map((e) => e.user.extra?.[CREDENTIAL_ID]?.[0]));
  assert.deepEqual([...ids], [`JTI=${jwtId(fresh)}`]);
  assert.ok(
    events.some((e) => e.responseStatus?.code === 401 && e.verb === 'list'),
    'the hub was refused while the file held the expired token',
  );
  assert.deepEqual(
    asSa.filter((e) => e.responseStatus?.code === 403),
    [],
    'read-only RBAC covers everything the hub reads',
  );
});
