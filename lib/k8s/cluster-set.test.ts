import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clusterChoiceEnv,
  clusterChoiceFromEnv,
  diffClusterSets,
  loadMergedKubeConfig,
  selectClusters,
} from './cluster-set';
import { loadClusterSelection } from './kubeconfig';

function kubeconfig(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `apiVersion: v1\nkind: Config\n${body}`);
  return file;
}

function twoFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-set-'));
  const a = kubeconfig(
    dir,
    'a',
    `clusters:
- { name: one, cluster: { server: "https://127.0.0.1:1" } }
- { name: shared, cluster: { server: "https://127.0.0.1:10" } }
users: [{ name: u, user: { token: from-a } }]
contexts:
- { name: prod-eu, context: { cluster: one, user: u } }
- { name: staging, context: { cluster: shared, user: u } }
current-context: staging
`,
  );
  const b = kubeconfig(
    dir,
    'b',
    `clusters:
- { name: two, cluster: { server: "https://127.0.0.1:2" } }
- { name: shared, cluster: { server: "https://127.0.0.1:99" } }
users: [{ name: u, user: { token: from-b } }]
contexts:
- { name: prod-us, context: { cluster: two, user: u } }
- { name: staging, context: { cluster: two, user: u } }
- { name: broken, context: { cluster: nowhere, user: u } }
current-context: prod-us
`,
  );
  return { dir, a, b };
}

test('several files merge as kubectl merges them: the first definition of a name wins', () => {
  const { a, b } = twoFiles();
  const merged = loadMergedKubeConfig([a, b]);
  assert.deepEqual(
    merged.getContexts().map((c) => c.name),
    ['prod-eu', 'staging', 'prod-us', 'broken'],
  );
  assert.equal(merged.getCurrentContext(), 'staging', "the first file's current-context");
  assert.equal(merged.getCluster('shared')?.server, 'https://127.0.0.1:10');
  assert.equal(merged.getContextObject('staging')?.cluster, 'shared');
  assert.equal(merged.getUser('u')?.token, 'from-a');
  // The other order: b's definitions win.
  const reversed = loadMergedKubeConfig([b, a]);
  assert.equal(reversed.getCurrentContext(), 'prod-us');
  assert.equal(reversed.getContextObject('staging')?.cluster, 'two');
});

test('a file of the list that does not exist is skipped; none existing is an error', () => {
  const { dir, a } = twoFiles();
  assert.equal(loadMergedKubeConfig([join(dir, 'nope'), a]).getCurrentContext(), 'staging');
  assert.throws(() => loadMergedKubeConfig([join(dir, 'x'), join(dir, 'y')]), /none of/);
});

test('contexts: named ones in order, every one (current first), or the current one', () => {
  const { a, b } = twoFiles();
  const merged = loadMergedKubeConfig([a, b]);
  const ids = (choice: Parameters<typeof selectClusters>[1]) =>
    selectClusters(merged, choice).entries.map((e) => e.id);
  assert.deepEqual(ids({ contexts: [], allContexts: false }), ['staging']);
  assert.deepEqual(ids({ contexts: ['prod-us', 'prod-eu'], allContexts: false }), [
    'prod-us',
    'prod-eu',
  ]);
  assert.deepEqual(ids({ contexts: [], allContexts: true }), [
    'staging',
    'prod-eu',
    'prod-us',
    'broken',
  ]);
  const picked = selectClusters(merged, { contexts: ['prod-eu', 'gone'], allContexts: false });
  assert.deepEqual(picked.missing, ['gone']);
  const all = selectClusters(merged, { contexts: [], allContexts: true }).entries;
  const eu = all.find((e) => e.id === 'prod-eu')!;
  assert.equal(eu.kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:1');
  assert.equal(eu.error, undefined);
  assert.match(all.find((e) => e.id === 'broken')!.error!, /cluster "nowhere"/);
});

test('the choice travels through the environment and back', () => {
  for (const choice of [
    { contexts: [], allContexts: false },
    { contexts: ['a'], allContexts: false },
    { contexts: ['a', 'b,c'], allContexts: false },
    { contexts: [], allContexts: true },
  ]) {
    assert.deepEqual(clusterChoiceFromEnv(clusterChoiceEnv(choice)), choice);
  }
  assert.throws(() => clusterChoiceFromEnv({ SWITCHBOARD_CONTEXTS: '"a"' }), /JSON array/);
});

test('loadClusterSelection: a path list in SWITCHBOARD_KUBECONFIG, unknown contexts named', () => {
  const { a, b } = twoFiles();
  const env = { SWITCHBOARD_KUBECONFIG: `${a}:${b}`, SWITCHBOARD_ALL_CONTEXTS: '1' };
  const { entries, files } = loadClusterSelection(env);
  assert.deepEqual(files, [a, b]);
  assert.equal(entries.length, 4);
  assert.throws(
    () =>
      loadClusterSelection({
        SWITCHBOARD_KUBECONFIG: a,
        SWITCHBOARD_CONTEXTS: JSON.stringify(['prod-eu', 'nope']),
      }),
    /no context "nope".*prod-eu, staging/,
  );
});

test('diff: added, removed, and changed when a context points elsewhere', () => {
  const { a, b } = twoFiles();
  const before = selectClusters(loadMergedKubeConfig([a]), { contexts: [], allContexts: true });
  const after = selectClusters(loadMergedKubeConfig([b, a]), { contexts: [], allContexts: true });
  assert.deepEqual(diffClusterSets(before.entries, after.entries), {
    added: ['prod-us', 'broken'],
    removed: [],
    // staging now points at cluster two; prod-eu's user `u` now comes from b (another token).
    changed: ['staging', 'prod-eu'],
  });
  assert.deepEqual(diffClusterSets(after.entries, before.entries).removed, ['prod-us', 'broken']);
  assert.deepEqual(diffClusterSets(before.entries, before.entries), {
    added: [],
    removed: [],
    changed: [],
  });
});
