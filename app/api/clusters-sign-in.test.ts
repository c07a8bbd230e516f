/**
 * Token sign-in with several clusters, against two embedded clusters with RBAC and their own
 * token files, the handlers called directly (no Next server). A token is a credential of the
 * cluster that issued it:
 * - a token only cluster A knows signs in (A is the session's cluster); B's card says
 *   "signed-out", B's routes answer 403 `not-signed-in-to-cluster` naming B, writes there too,
 *   and A keeps answering;
 * - a token only B knows signs in too (B is its cluster), and the default cluster's paths refuse;
 * - one token both clusters accept, naming the person differently in each: each cluster's RBAC
 *   is asked about the person as that cluster names them, and the audit line of a write there
 *   names them so.
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClustersAnswer } from '@/lib/api/clusters';
import { sessionEnv, type SessionEnv } from '@/lib/auth/testing/session-env';
import { writeCombinedKubeconfig } from '../../cli/demo-clusters';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { POST as signIn } from './auth/token/route';
import { GET as clusterGraph } from './clusters/[cluster]/graph/route';
import { GET as clusterContext } from './clusters/[cluster]/external-services/context/route';
import { POST as clusterPreview } from './clusters/[cluster]/external-services/preview/route';
import { GET as clusters } from './clusters/route';
import { GET as graph } from './graph/route';
import { stopDashboard } from './testing/dashboard';
import { call, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

let a: EmbeddedCluster;
let b: EmbeddedCluster;
let dir: string;

/** A cluster with RBAC on whose token file knows `lines`; each user named there may view all. */
async function peopleCluster(name: string, lines: [token: string, user: string][]) {
  const file = join(dir, `${name}-tokens.csv`);
  writeFileSync(file, lines.map(([token, user]) => `${token},${user},${user}-uid,""\n`).join(''));
  const cluster = await startCluster('seed', {
    extraArgs: ['--token-auth-file', file, '--authorization-mode', 'RBAC'],
  });
  for (const [, user] of lines) {
    const bound = await cluster.kubectl(
      'create',
      'clusterrolebinding',
      `${user}-view`,
      '--clusterrole=view',
      `--user=${user}`,
    );
    assert.equal(bound.code, 0, bound.stderr);
  }
  return cluster;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-clusters-sign-in-'));
  [a, b] = await Promise.all([
    peopleCluster('a', [
      ['a-only-token', 'alice'],
      ['shared-token', 'carol-in-a'],
    ]),
    peopleCluster('b', [
      ['b-only-token', 'bob'],
      ['shared-token', 'carol-in-b'],
    ]),
  ]);
  const kubeconfig = writeCombinedKubeconfig(dir, [
    { id: 'sim-a', file: a.kubeconfig },
    { id: 'sim-b', file: b.kubeconfig },
  ]);
  process.env.SWITCHBOARD_KUBECONFIG = kubeconfig;
  process.env.SWITCHBOARD_ALL_CONTEXTS = '1';
});

after(async () => {
  await stopDashboard(a, b);
  rmSync(dir, { recursive: true, force: true });
});

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({ SWITCHBOARD_AUTH: 'token' });
});
afterEach(() => env.restore());

/** Signs in with `token` through the route; the cookie header a browser would send back. */
async function signedIn(token: string): Promise<Record<string, string>> {
  const response = await call(signIn, '/api/auth/token', {
    method: 'POST',
    headers: SAME_ORIGIN,
    body: { token },
  });
  const info = await expectJson<{ username: string }>(response);
  assert.ok(info.username);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]! };
}

async function servicesIn(cookie: Record<string, string>, cluster: string): Promise<string[]> {
  const body = await expectJson<{ topology: { services: { name: string }[] } }>(
    await call(clusterGraph, `/api/clusters/${cluster}/graph`, { headers: cookie }, { cluster }),
  );
  return body.topology.services.map((s) => s.name);
}

async function overview(cookie: Record<string, string>) {
  const body = await expectJson<ClustersAnswer>(
    await call(clusters, '/api/clusters', { headers: cookie }),
  );
  return new Map(body.clusters.map((c) => [c.id, c]));
}

describe('token sign-in with several clusters', () => {
  it('a token of cluster A: A answers, B is "not signed in" on its card, its routes and its writes', async () => {
    const alice = await signedIn('a-only-token');
    assert.ok((await servicesIn(alice, 'sim-a')).includes('external-web'));
    const cards = await overview(alice);
    assert.equal(cards.get('sim-a')!.state, 'live');
    assert.ok(cards.get('sim-a')!.services.total > 0);
    const cardB = cards.get('sim-b')!;
    assert.equal(cardB.state, 'signed-out');
    assert.equal(cardB.services.total, 0);
    assert.match(cardB.lastError!, /Cluster "sim-b" does not accept your token/);
    const refused = await expectProblem(
      await call(
        clusterGraph,
        '/api/clusters/sim-b/graph',
        { headers: alice },
        { cluster: 'sim-b' },
      ),
      'not-signed-in-to-cluster',
      403,
    );
    assert.equal(refused.cluster, 'sim-b');
    assert.match(refused.detail, /signed in to cluster "sim-a"/);
    await expectProblem(
      await call(
        clusterContext,
        '/api/clusters/sim-b/external-services/context',
        { headers: alice },
        { cluster: 'sim-b' },
      ),
      'not-signed-in-to-cluster',
      403,
    );
    // The session is not ended by another cluster's refusal: A still answers.
    assert.ok((await servicesIn(alice, 'sim-a')).length > 0);
  });

  it('a token of cluster B signs in too, and the default cluster’s paths refuse it', async () => {
    const bob = await signedIn('b-only-token');
    assert.ok((await servicesIn(bob, 'sim-b')).includes('external-web'));
    await expectProblem(
      await call(graph, '/api/graph', { headers: bob }),
      'not-signed-in-to-cluster',
      403,
    );
    const cards = await overview(bob);
    assert.equal(cards.get('sim-a')!.state, 'signed-out');
    assert.equal(cards.get('sim-b')!.state, 'live');
  });

  it('a token both accept: each cluster’s RBAC is asked about the person as it names them', async () => {
    // carol-in-a may view A, carol-in-b may view B; neither name has any right in the other.
    const carol = await signedIn('shared-token');
    assert.ok((await servicesIn(carol, 'sim-a')).includes('external-web'));
    assert.ok((await servicesIn(carol, 'sim-b')).includes('external-web'));
    const cards = await overview(carol);
    assert.ok(cards.get('sim-b')!.services.total > 0);
    // A write attempt in B is audited as B names her (view only there: the cluster refuses it).
    const lines: Record<string, unknown>[] = [];
    const log = console.log;
    console.log = (line: unknown) =>
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    try {
      await call(
        clusterPreview,
        '/api/clusters/sim-b/external-services/preview',
        {
          method: 'POST',
          headers: { ...SAME_ORIGIN, ...carol },
          body: {
            input: {
              namespace: 'default',
              name: 'carol-bridge',
              addresses: ['10.10.90.1'],
              ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
              createAs: 'EndpointSlice',
            },
          },
        },
        { cluster: 'sim-b' },
      );
    } finally {
      console.log = log;
    }
    const line = lines.find((l) => l.action === 'preview');
    assert.ok(line, JSON.stringify(lines));
    assert.equal(line.user, 'carol-in-b');
    assert.equal(line.cluster, 'sim-b');
  });

  it('a Bearer token of cluster A sent to B is "not signed in" there, as a session is', async () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const refused = await expectProblem(
      await call(
        clusterGraph,
        '/api/clusters/sim-b/graph',
        { headers: bearer('a-only-token') },
        { cluster: 'sim-b' },
      ),
      'not-signed-in-to-cluster',
      403,
    );
    assert.equal(refused.cluster, 'sim-b');
    assert.match(refused.detail, /Cluster "sim-b" does not accept your token/);
    assert.match(refused.detail, /signed in to cluster "sim-a"/);
    assert.doesNotMatch(refused.detail, /no longer accepted|Sign in again/);
    // The default cluster's paths (sim-a) refuse B's token the same way.
    const onDefault = await expectProblem(
      await call(graph, '/api/graph', { headers: bearer('b-only-token') }),
      'not-signed-in-to-cluster',
      403,
    );
    assert.match(onDefault.detail, /signed in to cluster "sim-b"/);
    // A token no cluster accepts is still 401.
    await expectProblem(
      await call(
        clusterGraph,
        '/api/clusters/sim-b/graph',
        { headers: bearer('nobody-token') },
        { cluster: 'sim-b' },
      ),
      'unauthenticated',
      401,
    );
  });

  it('a token no cluster accepts is refused', async () => {
    await expectProblem(
      await call(signIn, '/api/auth/token', {
        method: 'POST',
        headers: SAME_ORIGIN,
        body: { token: 'nobody-token' },
      }),
      'unauthenticated',
      401,
    );
  });
});
