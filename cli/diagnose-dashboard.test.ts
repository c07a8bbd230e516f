/**
 * `switchboard diagnose --dashboard URL` against the real diagnosis route (served over HTTP on
 * loopback) of a dashboard run with `--auth token`, on the embedded cluster with RBAC: a
 * ServiceAccount allowed to view team-a gets team-a's verdict; team-b's Service, which it may
 * not see, is "not found" (exit 2) exactly like a Service that does not exist; no token, or a
 * token the cluster does not accept, is refused with the dashboard's words (exit 3). A person who
 * may list Services but not their EndpointSlices gets "health unknown", and the command run as
 * people run it exits 3 for it, never 0.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GET as diagnosis } from '@/app/api/services/[namespace]/[name]/diagnosis/route';
import { startRbacCluster, type RbacCluster } from '@/lib/access/testing/rbac-cluster';
import { serveRoutes, type RouteServer } from '@/lib/auth/testing/route-server';
import { getDashboardHub } from '@/lib/k8s/server';
import { ROOT } from '@/e2e/harness';
import { diagnoseThroughDashboard, tokenFrom } from './diagnose-dashboard';

const ENV = ['SWITCHBOARD_KUBECONFIG', 'SWITCHBOARD_AUTH'];
let rc: RbacCluster;
let server: RouteServer;
let token = '';
/** A person who may list team-a's Services and nothing else: not their EndpointSlices. */
let servicesOnly = '';

const route = (namespace: string, name: string) => (request: Request) =>
  diagnosis(request, { params: Promise.resolve({ namespace, name }) });

before(async () => {
  rc = await startRbacCluster();
  await rc.kubectl('create', 'serviceaccount', 'oncall', '-n', 'team-a');
  await rc.kubectl(
    'create',
    'rolebinding',
    'oncall-view',
    '--clusterrole=view',
    '--serviceaccount=team-a:oncall',
    '-n',
    'team-a',
  );
  token = (await rc.kubectl('create', 'token', 'oncall', '-n', 'team-a')).trim();
  await rc.kubectl('create', 'serviceaccount', 'services-only', '-n', 'team-a');
  await rc.kubectl(
    'create',
    'role',
    'services-only',
    '--verb=get,list,watch',
    '--resource=services',
    '-n',
    'team-a',
  );
  await rc.kubectl(
    'create',
    'rolebinding',
    'services-only',
    '--role=services-only',
    '--serviceaccount=team-a:services-only',
    '-n',
    'team-a',
  );
  servicesOnly = (await rc.kubectl('create', 'token', 'services-only', '-n', 'team-a')).trim();
  process.env.SWITCHBOARD_KUBECONFIG = rc.cluster.kubeconfig;
  process.env.SWITCHBOARD_AUTH = 'token';
  server = await serveRoutes({
    '/api/services/team-a/web-team-a/diagnosis': route('team-a', 'web-team-a'),
    '/api/services/team-b/web-team-b/diagnosis': route('team-b', 'web-team-b'),
    '/api/services/team-b/nothing-here/diagnosis': route('team-b', 'nothing-here'),
  });
});

after(async () => {
  await server?.close();
  try {
    await getDashboardHub().stop();
  } catch {
    // never configured
  }
  for (const name of ENV) delete process.env[name];
  await rc?.stop();
});

describe('switchboard diagnose --dashboard', () => {
  it("answers as the token's person: their team's Service gets its verdict", async () => {
    const answer = await diagnoseThroughDashboard({
      url: server.url,
      namespace: 'team-a',
      name: 'web-team-a',
      token,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.equal(answer.diagnosis.namespace, 'team-a');
    assert.equal(answer.diagnosis.name, 'web-team-a');
    assert.ok(['healthy', 'warning', 'broken'].includes(answer.diagnosis.health));
  });

  it('a Service they may not see is "not found" (exit 2), word for word like one that does not exist', async () => {
    const ask = (name: string) =>
      diagnoseThroughDashboard({ url: server.url, namespace: 'team-b', name, token });
    const hidden = await ask('web-team-b');
    const absent = await ask('nothing-here');
    assert.ok(!hidden.ok && !absent.ok);
    assert.equal(hidden.exitCode, 2);
    assert.equal(absent.exitCode, 2);
    assert.equal(
      hidden.message.replace('web-team-b', 'X'),
      absent.message.replace('nothing-here', 'X'),
    );
  });

  it('no token, or one the cluster does not accept, is refused with the reason (exit 3)', async () => {
    for (const bad of [undefined, 'not-a-token']) {
      const answer = await diagnoseThroughDashboard({
        url: server.url,
        namespace: 'team-a',
        name: 'web-team-a',
        token: bad,
      });
      assert.ok(!answer.ok);
      assert.equal(answer.exitCode, 3);
      assert.match(answer.message, /answered 401/);
      assert.ok(!answer.message.includes(token));
    }
  });

  it('a dashboard that cannot be reached is exit 3, and the token comes from a file or the environment', async () => {
    const down = await diagnoseThroughDashboard({
      url: 'http://127.0.0.1:1',
      namespace: 'team-a',
      name: 'web-team-a',
    });
    assert.ok(!down.ok);
    assert.equal(down.exitCode, 3);
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-token-'));
    try {
      writeFileSync(join(dir, 'token'), `${token}\n`);
      assert.equal(tokenFrom(join(dir, 'token'), {}), token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(tokenFrom(undefined, { SWITCHBOARD_TOKEN: ' t ' }), 't');
    assert.equal(tokenFrom(undefined, {}), undefined);
  });

  it('health unknown (EndpointSlices not visible to them) exits 3, never 0', async () => {
    const answer = await diagnoseThroughDashboard({
      url: server.url,
      namespace: 'team-a',
      name: 'web-team-a',
      token: servicesOnly,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.equal(answer.diagnosis.health, 'unknown');
    assert.deepEqual(
      answer.diagnosis.reasons.map((r) => r.code),
      ['not-judged'],
    );
    // The command as people run it, so the exit status is the process's own.
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          join(ROOT, 'bin/switchboard.mjs'),
          'diagnose',
          'team-a/web-team-a',
          '--dashboard',
          server.url,
        ],
        { timeout: 60_000, env: { ...process.env, SWITCHBOARD_TOKEN: servicesOnly } },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
            stdout,
            stderr,
          }),
      ),
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /HEALTH UNKNOWN/);
    assert.match(run.stdout, /\[not-judged\]/);
  });
});
