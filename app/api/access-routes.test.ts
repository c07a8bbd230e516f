/**
 * The read routes for a signed-in person (proxy mode, from a trusted address) against the
 * embedded cluster with RBAC: alice (`view` in team-a only) gets a graph, a first stream snapshot
 * and DNS answers of team-a alone, with no API server URL; a team-b Service is the same 404 as
 * one that does not exist, for its diagnosis and its timeline.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PEER_HEADER } from '@/lib/http/peer-address';
import type { ClusterInfo } from '@/lib/stream/protocol';
import { startRbacCluster, type RbacCluster } from '@/lib/access/testing/rbac-cluster';
import { GET as dns } from './dns/route';
import { GET as graph } from './graph/route';
import { GET as diagnosis } from './services/[namespace]/[name]/diagnosis/route';
import { GET as timeline } from './services/[namespace]/[name]/timeline/route';
import { GET as stream } from '@/lib/http/stream-answer';
import { stopDashboard } from './testing/dashboard';
import { call, expectJson, expectProblem } from './testing/routes';

let rc: RbacCluster;
const ENV = ['SWITCHBOARD_KUBECONFIG', 'SWITCHBOARD_AUTH', 'SWITCHBOARD_TRUSTED_PROXIES'];
const ALICE_HEADERS = {
  [PEER_HEADER]: '127.0.0.2',
  'x-forwarded-user': 'alice',
  'x-forwarded-groups': 'team-a',
};

const ALICE = ALICE_HEADERS;
const ALICE_INIT = { headers: ALICE_HEADERS };

before(async () => {
  rc = await startRbacCluster();
  process.env.SWITCHBOARD_KUBECONFIG = rc.cluster.kubeconfig;
  process.env.SWITCHBOARD_AUTH = 'proxy';
  process.env.SWITCHBOARD_TRUSTED_PROXIES = '127.0.0.2';
});

after(async () => {
  await stopDashboard(rc);
  for (const name of ENV) delete process.env[name];
});

type ServiceRoute = typeof diagnosis;
const ask = (route: ServiceRoute, namespace: string, name: string, what: string) =>
  call(route, `/api/services/${namespace}/${name}/${what}`, ALICE_INIT, { namespace, name });

describe('read routes for a signed-in person', () => {
  it("the graph is alice's team-a alone, and names no API server", async () => {
    const response = await call(graph, '/api/graph', { headers: ALICE });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.ok(text.includes('web-team-a'));
    assert.equal(text.includes('team-b'), false);
    assert.equal(text.includes(rc.cluster.url), false);
    assert.equal(text.includes(String(rc.cluster.port)), false);
    const body = JSON.parse(text) as { cluster: ClusterInfo };
    assert.equal(body.cluster.access?.namespaces.visible, 1);
    assert.equal(body.cluster.access?.nothing, false);
  });

  it('a Service she may not see is the same 404 as one that does not exist', async () => {
    for (const what of ['diagnosis', 'timeline']) {
      const route = what === 'diagnosis' ? diagnosis : timeline;
      const hidden = await expectProblem(
        await ask(route, 'team-b', 'web-team-b', what),
        'not-found',
        404,
      );
      const absent = await expectProblem(
        await ask(route, 'team-b', 'nothing-here', what),
        'not-found',
        404,
      );
      assert.equal(
        hidden.detail.replace('web-team-b', 'X'),
        absent.detail.replace('nothing-here', 'X'),
      );
      assert.equal(hidden.title, absent.title);
      await expectJson(await ask(route, 'team-a', 'web-team-a', what));
    }
  });

  it('the stream starts with her snapshot only; DNS answers only her names', async () => {
    const controller = new AbortController();
    const request = new Request('http://127.0.0.1:3000/api/stream?v=2', {
      headers: { host: '127.0.0.1:3000', ...ALICE },
      signal: controller.signal,
    });
    const response = await stream(request);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(']}\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    assert.ok(text.includes('web-team-a'));
    assert.equal(text.includes('team-b'), false);
    assert.equal(text.includes(rc.cluster.url), false);
    await expectJson(await call(dns, '/api/dns', { headers: ALICE }));
  });
});
