// Which requests the REST handlers serve: 404 for what names no served resource, 405 for a
// method the resource, scope or subresource does not take.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRequestInfo } from '../request-info';
import { resolveRoute, restVerb } from './route';

function serve(
  method: string,
  path: string,
):
  | { resource: string; namespace?: string; name?: string; subresource?: string; verb: string }
  | number {
  const info = resolveRequestInfo(method, new URL(path, 'http://x'));
  try {
    const route = resolveRoute(info);
    const verb = restVerb(route, info, method);
    const out: ReturnType<typeof serve> = { resource: route.info.resource, verb };
    if (typeof out === 'object') {
      if (route.namespace !== undefined) out.namespace = route.namespace;
      if (route.name !== undefined) out.name = route.name;
      if (route.subresource !== undefined) out.subresource = route.subresource;
    }
    return out;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('REST routes', () => {
  it('serves collections, objects and subresources', () => {
    assert.deepEqual(serve('GET', '/api/v1/pods'), { resource: 'pods', verb: 'list' });
    assert.deepEqual(serve('GET', '/api/v1/watch/namespaces/a/pods'), {
      resource: 'pods',
      namespace: 'a',
      verb: 'watch',
    });
    assert.deepEqual(serve('POST', '/api/v1/namespaces/a/pods/p/binding'), {
      resource: 'pods',
      namespace: 'a',
      name: 'p',
      subresource: 'binding',
      verb: 'create',
    });
    assert.deepEqual(serve('PUT', '/api/v1/namespaces/a/finalize'), {
      resource: 'namespaces',
      name: 'a',
      subresource: 'finalize',
      verb: 'update',
    });
    assert.deepEqual(serve('GET', '/api/v1/namespaces/a'), {
      resource: 'namespaces',
      name: 'a',
      verb: 'get',
    });
    assert.deepEqual(serve('PATCH', '/apis/apps/v1/namespaces/a/deployments/d/scale/'), {
      resource: 'deployments',
      namespace: 'a',
      name: 'd',
      subresource: 'scale',
      verb: 'patch',
    });
    assert.deepEqual(serve('GET', '/api/v1/namespaces/a/pods/p?watch=1'), {
      resource: 'pods',
      namespace: 'a',
      name: 'p',
      verb: 'watch',
    });
  });
  it('404s what names no served resource', () => {
    for (const path of [
      '/api/v1/namespaces/a/nodes',
      '/api/v1/pods/p',
      '/api/v1/namespaces/a/pods/p/proxy',
      '/api/v1/namespaces/a/pods/p/status/x',
      '/api/v1/proxy/namespaces/a/pods/p',
      '/api/v1/watch',
      '/api/v1/namespaces//pods',
      '/apis/apps/v1/namespaces/a',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      '/api/v2/pods',
    ]) {
      assert.equal(serve('GET', path), 404, path);
    }
  });
  it('serves the pods stream subresources with the verbs their connect handlers take', () => {
    const at = (subresource: string, verb: string) => ({
      resource: 'pods',
      namespace: 'a',
      name: 'p',
      subresource,
      verb,
    });
    assert.deepEqual(serve('GET', '/api/v1/namespaces/a/pods/p/log'), at('log', 'get'));
    for (const sub of ['exec', 'attach', 'portforward']) {
      assert.deepEqual(serve('GET', `/api/v1/namespaces/a/pods/p/${sub}`), at(sub, 'get'));
      assert.deepEqual(serve('POST', `/api/v1/namespaces/a/pods/p/${sub}`), at(sub, 'create'));
    }
  });

  it('405s a method the resource, scope or subresource does not take', () => {
    for (const [method, path] of [
      ['POST', '/api/v1/pods'],
      ['DELETE', '/api/v1/pods'],
      ['DELETE', '/api/v1/namespaces'],
      ['POST', '/api/v1/namespaces/a/pods/p'],
      ['HEAD', '/api/v1/namespaces/a/pods/p'],
      ['OPTIONS', '/api/v1/namespaces/a/pods'],
      ['GET', '/api/v1/namespaces/a/finalize'],
      ['GET', '/api/v1/namespaces/a/pods/p/binding'],
      ['DELETE', '/api/v1/namespaces/a/pods/p/status'],
      ['POST', '/api/v1/watch/namespaces/a/pods'],
      ['PUT', '/api/v1/namespaces/a/pods/p/exec'],
      ['POST', '/api/v1/namespaces/a/pods/p/log'],
    ]) {
      assert.equal(serve(method!, path!), 405, `${method} ${path}`);
    }
  });
});
