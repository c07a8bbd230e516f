import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusterSelection } from '../lib/k8s/kubeconfig';
import { demoClusters, writeCombinedKubeconfig } from './demo-clusters';

test('demo clusters: different scenarios in turn, one context name each', () => {
  assert.deepEqual(demoClusters(6), [
    { id: 'sim-demo', scenario: 'demo' },
    { id: 'sim-seed', scenario: 'seed' },
    { id: 'sim-large-300', scenario: 'large:300' },
    { id: 'sim-empty', scenario: 'empty' },
    { id: 'sim-demo-2', scenario: 'demo' },
    { id: 'sim-seed-2', scenario: 'seed' },
  ]);
});

test('the combined kubeconfig keeps each cluster under its own names, the first current', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-demo-'));
  // What every embedded cluster writes: the same context, cluster and user names.
  const embedded = (port: number, token: string) => {
    const file = join(dir, `kc-${port}`);
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
clusters: [{ name: switchboard-embedded, cluster: { server: "https://127.0.0.1:${port}", certificate-authority-data: Zm9v } }]
users: [{ name: admin, user: { token: ${token} } }]
contexts: [{ name: switchboard-embedded, context: { cluster: switchboard-embedded, user: admin, namespace: default } }]
current-context: switchboard-embedded
`,
    );
    return file;
  };
  const combined = writeCombinedKubeconfig(dir, [
    { id: 'sim-demo', file: embedded(1, 'one') },
    { id: 'sim-seed', file: embedded(2, 'two') },
  ]);
  assert.equal(combined, join(dir, 'kubeconfig'));
  // It holds every cluster's credentials: its owner's only.
  assert.equal(statSync(combined).mode & 0o777, 0o600);
  const { entries } = loadClusterSelection({
    SWITCHBOARD_KUBECONFIG: combined,
    SWITCHBOARD_ALL_CONTEXTS: '1',
  });
  assert.deepEqual(
    entries.map((e) => [
      e.id,
      e.kubeConfig.getCurrentCluster()?.server,
      e.kubeConfig.getCurrentUser()?.token,
      e.kubeConfig.getCurrentCluster()?.caData,
    ]),
    [
      ['sim-demo', 'https://127.0.0.1:1', 'one', 'Zm9v'],
      ['sim-seed', 'https://127.0.0.1:2', 'two', 'Zm9v'],
    ],
  );
});
