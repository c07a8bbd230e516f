/**
 * Missing permissions are a state, not a crash: against the embedded cluster with RBAC on, the
 * dashboard's hub runs as a ServiceAccount bound to the ClusterRole that deploy/ ships (rendered
 * with `kubectl kustomize`), with one resource removed at a time. Each yields the named degraded
 * state — `/healthz` JSON, the forbidden metric, the stream's sync state (what the page shows) —
 * while the rest syncs and `/readyz` is 200; a 403 is logged once, and granting the rule later
 * makes the kind sync without a restart. Read-only credentials disable the form with the reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadClusterConnection } from '@/lib/k8s/connection';
import { Hub } from '@/lib/k8s/hub';
import { WATCHED_KINDS } from '@/lib/k8s/kinds';
import { forbiddenNotice } from '@/lib/k8s/forbidden';
import { accessForCreate } from '@/lib/k8s/write';
import { createKubeClient } from '@/lib/k8s/write/client';
import { SseParser } from '@/lib/stream/sse';
import type { StreamEvent } from '@/lib/stream/protocol';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { render, type Rule } from '../../deploy/testing/render';
import { viewOf } from './endpoints';
import { liveness, readiness } from './health';
import { eventLoopReport } from './process-state';
import { scrapeMetrics } from './scrape';
import { parsePrometheusText, valueOf } from './testing/prom-text';
import { eventually } from '../../app/api/testing/routes';

let cluster: EmbeddedCluster;
let dir: string;
let rules: Rule[];

before(async () => {
  cluster = await startCluster('seed', { extraArgs: ['--authorization-mode', 'RBAC'] });
  dir = await mkdtemp(join(tmpdir(), 'ops-rbac-'));
  const objects = await render('read-only');
  const role = objects.find(
    (o) => o.kind === 'ClusterRole' && o.metadata.name === 'switchboard-read',
  );
  assert.ok(role, 'the read ClusterRole is in the rendered overlay');
  rules = (role as unknown as { rules: Rule[] }).rules;
  await kubectl('create', 'namespace', 'switchboard');
});

after(async () => {
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<string> {
  const r = await cluster.kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function apply(name: string, objects: unknown[]): Promise<void> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, objects.map((o) => stringify(o)).join('---\n'));
  await kubectl('apply', '-f', file);
}

/** A ServiceAccount bound to `roleRules`; returns a kubeconfig holding its token. */
async function identity(name: string, roleRules: Rule[]): Promise<string> {
  await apply(name, [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'switchboard' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: roleRules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'switchboard' }],
    },
  ]);
  const token = (await kubectl('create', 'token', name, '-n', 'switchboard')).trim();
  const file = join(dir, `${name}.kubeconfig`);
  await writeFile(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: {
            server: cluster.url,
            'certificate-authority-data': Buffer.from(cluster.caCertificate).toString('base64'),
          },
        },
      ],
      users: [{ name: name, user: { token } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: name } }],
      'current-context': 'c',
    }),
  );
  return file;
}

function without(resource: string): Rule[] {
  return rules
    .map((r) => ({ ...r, resources: (r.resources ?? []).filter((x) => x !== resource) }))
    .filter((r) => r.resources.length > 0);
}

function startHub(kubeconfig: string, logs: string[]): Hub {
  return new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig }),
    loop: { forbiddenRetryMs: 150, backoff: { initialMs: 50, maxMs: 200 } },
    log: (m) => logs.push(m),
  });
}

/** The sync state of the first snapshot a new stream gets (what the page renders from). */
async function streamSync(hub: Hub): Promise<Extract<StreamEvent, { type: 'snapshot' }>['sync']> {
  const sub = hub.subscribe();
  const reader = sub.stream.getReader();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream ended before a snapshot');
      for (const m of parser.push(decoder.decode(value, { stream: true }))) {
        if (m.event === 'snapshot') {
          return (JSON.parse(m.data) as Extract<StreamEvent, { type: 'snapshot' }>).sync;
        }
      }
    }
  } finally {
    await reader.cancel();
  }
}

describe('each rule of the shipped ClusterRole removed, one at a time', () => {
  for (const spec of WATCHED_KINDS) {
    it(`without ${spec.resource}: ${spec.kind} is forbidden and named, the rest works`, async (t) => {
      const name = `sb-no-${spec.resource}`;
      const kubeconfig = await identity(name, without(spec.resource));
      const logs: string[] = [];
      const hub = startHub(kubeconfig, logs);
      t.after(() => hub.stop());
      assert.equal(await hub.waitForSync(30_000), true, 'ready despite the missing rule');
      await eventually('forbidden', async () => !!hub.getSyncState().forbidden?.length);
      const message = forbiddenNotice(spec.kind);
      assert.match(
        message,
        new RegExp(`^Switchboard may not list ${spec.resource} cluster-wide: `),
      );

      const live = liveness(eventLoopReport(), [viewOf(hub)], false);
      assert.equal(live.status, 200);
      const body = JSON.parse(live.body) as {
        forbidden: { kind: string; message: string }[];
        kinds: Record<string, { phase: string }>;
      };
      assert.deepEqual(body.forbidden, [{ kind: spec.kind, message }]);
      assert.equal(body.kinds[spec.kind]?.phase, 'forbidden');
      assert.equal(readiness([viewOf(hub)], false).status, 200);

      const e = parsePrometheusText((await scrapeMetrics([hub], true, false)).body);
      for (const other of WATCHED_KINDS) {
        assert.equal(
          valueOf(e, 'switchboard_watch_forbidden', { kind: other.kind }),
          other.kind === spec.kind ? 1 : 0,
          other.kind,
        );
      }
      assert.equal(
        valueOf(e, 'switchboard_watch_state', { kind: spec.kind, state: 'forbidden' }),
        1,
      );

      assert.deepEqual((await streamSync(hub)).forbidden, [{ kind: spec.kind, message }]);
      // The optional kinds do not hold readiness back: wait for them here.
      await eventually('every other kind synced', async () =>
        WATCHED_KINDS.every(
          (other) => other.kind === spec.kind || hub.watchStates().get(other.kind)?.synced,
        ),
      );
      if (spec.kind !== 'Service') assert.ok(hub.cache.size('Service') > 0);
      // Re-checked (no hot loop), logged once per transition.
      const path = spec.listPath;
      await eventually(
        're-checked',
        async () => hub.stats().listRequests > WATCHED_KINDS.length + 2,
      );
      assert.equal(
        logs.filter((l) => l.startsWith(`${path}:`) && l.includes('403')).length,
        1,
        logs.join('\n'),
      );
    });
  }
});

describe('granted later', () => {
  it('a forbidden kind syncs once the rule is granted, without a restart', async (t) => {
    const name = 'sb-granted-later';
    const kubeconfig = await identity(name, without('pods'));
    const logs: string[] = [];
    const hub = startHub(kubeconfig, logs);
    t.after(() => hub.stop());
    await hub.waitForSync(30_000);
    await eventually('pods forbidden', async () =>
      (hub.getSyncState().forbidden ?? []).some((f) => f.kind === 'Pod'),
    );
    await apply(`${name}-grant`, [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        rules,
      },
    ]);
    await eventually('pods synced', async () => hub.watchStates().get('Pod')?.synced === true);
    assert.equal(hub.getSyncState().forbidden, undefined);
    assert.ok(hub.cache.size('Pod') > 0);
    assert.equal(
      logs.filter((l) => l === '/api/v1/pods: allowed again').length,
      1,
      logs.join('\n'),
    );
  });
});

describe('the form with read-only credentials', () => {
  it('is disabled with the reason: the access review denies create', async () => {
    const kubeconfig = await identity('sb-read-only', rules);
    const { kubeConfig } = loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig });
    const access = await accessForCreate(
      { send: createKubeClient(kubeConfig), readOnly: false },
      'default',
    );
    assert.equal(access.allowed, false);
    assert.deepEqual(access.denied.map((d) => `${d.verb} ${d.resource}`).sort(), [
      'create endpoints',
      'create endpointslices',
      'create services',
      'delete endpoints',
      'delete endpointslices',
      'delete services',
    ]);
    assert.ok(access.denied.every((d) => d.message.length > 0));
    const readOnly = await accessForCreate(
      { send: createKubeClient(kubeConfig), readOnly: true },
      'default',
    );
    assert.deepEqual(readOnly, {
      namespace: 'default',
      readOnly: true,
      allowed: false,
      denied: [],
    });
  });
});
