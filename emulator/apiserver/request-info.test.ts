// Upstream's own cases for RequestInfoFactory.NewRequestInfo
// (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go: TestGetAPIRequestInfo,
// TestGetNonAPIRequestInfo, TestSelectorParsing), ported black-box, plus the emulator's
// single-object watch and path unescaping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRequestInfo } from './request-info';

const info = (method: string, path: string) =>
  resolveRequestInfo(method, new URL(path, 'http://127.0.0.1'));

describe('TestGetAPIRequestInfo', () => {
  // method, url, verb, apiPrefix, group, version, namespace, resource, subresource, name, parts
  // prettier-ignore
  const cases: [string, string, string, string, string, string, string, string, string, string, string[]][] =
    [
      // resource paths
      ['GET', '/api/v1/namespaces', 'list', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
      ['GET', '/api/v1/namespaces/other', 'get', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']],
      ['GET', '/api/v1/namespaces/other/pods', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['HEAD', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['GET', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
      ['HEAD', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['GET', '/api/v1/namespaces/other/pods', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],

      // special verbs
      ['GET', '/api/v1/proxy/namespaces/other/pods/foo', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['GET', '/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo', 'subpath', 'not', 'a', 'subresource']],
      ['GET', '/api/v1/watch/pods', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/pods?watch=true', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/pods?watch=false', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/watch/namespaces/other/pods', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/namespaces/other/pods?watch=1', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
      ['GET', '/api/v1/namespaces/other/pods?watch=0', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],

      // subresource identification
      ['GET', '/api/v1/namespaces/other/pods/foo/status', 'get', 'api', '', 'v1', 'other', 'pods', 'status', 'foo', ['pods', 'foo', 'status']],
      ['GET', '/api/v1/namespaces/other/pods/foo/proxy/subpath', 'get', 'api', '', 'v1', 'other', 'pods', 'proxy', 'foo', ['pods', 'foo', 'proxy', 'subpath']],
      ['PUT', '/api/v1/namespaces/other/finalize', 'update', 'api', '', 'v1', 'other', 'namespaces', 'finalize', 'other', ['namespaces', 'other', 'finalize']],
      ['PUT', '/api/v1/namespaces/other/status', 'update', 'api', '', 'v1', 'other', 'namespaces', 'status', 'other', ['namespaces', 'other', 'status']],

      // verb identification
      ['PATCH', '/api/v1/namespaces/other/pods/foo', 'patch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['DELETE', '/api/v1/namespaces/other/pods/foo', 'delete', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
      ['POST', '/api/v1/namespaces/other/pods', 'create', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],

      // deletecollection verb identification
      ['DELETE', '/api/v1/nodes', 'deletecollection', 'api', '', 'v1', '', 'nodes', '', '', ['nodes']],
      ['DELETE', '/api/v1/namespaces', 'deletecollection', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
      ['DELETE', '/api/v1/namespaces/other/pods', 'deletecollection', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
      ['DELETE', '/apis/extensions/v1/namespaces/other/pods', 'deletecollection', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],

      // api group identification
      ['POST', '/apis/extensions/v1/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],

      // api version identification
      ['POST', '/apis/extensions/v1beta3/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1beta3', 'other', 'pods', '', '', ['pods']],
    ];
  for (const [
    method,
    url,
    verb,
    prefix,
    group,
    version,
    namespace,
    resource,
    sub,
    name,
    parts,
  ] of cases) {
    it(`${method} ${url}`, () => {
      const r = info(method, url);
      assert.equal(r.isResourceRequest, true);
      assert.equal(r.verb, verb);
      // Upstream's table says "api" for every prefix but never checks it; the prefix is the path's.
      assert.equal(r.apiPrefix, prefix);
      assert.equal(r.apiGroup, group);
      assert.equal(r.apiVersion, version);
      assert.equal(r.namespace, namespace);
      assert.equal(r.resource, resource);
      assert.equal(r.subresource, sub);
      assert.equal(r.name, name);
      assert.deepEqual(r.parts, parts);
    });
  }

  const errorCases: Record<string, string> = {
    'no resource path': '/',
    'just apiversion': '/api/version/',
    'just prefix, group, version': '/apis/group/version/',
    'apiversion with no resource': '/api/version/',
    'bad prefix': '/badprefix/version/resource',
    'missing api group': '/apis/version/resource',
  };
  for (const [name, url] of Object.entries(errorCases)) {
    it(`non-resource: ${name}`, () => assert.equal(info('GET', url).isResourceRequest, false));
  }
});

describe('TestGetNonAPIRequestInfo', () => {
  const cases: Record<string, [string, boolean]> = {
    'simple groupless': ['/api/version/resource', true],
    'simple group': ['/apis/group/version/resource/name/subresource', true],
    'more steps': ['/api/version/resource/name/subresource', true],
    'group list': ['/apis/batch/v1/job', true],
    'group get': ['/apis/batch/v1/job/foo', true],
    'group subresource': ['/apis/batch/v1/job/foo/scale', true],
    'bad root': ['/not-api/version/resource', false],
    'group without enough steps': ['/apis/extensions/v1beta1', false],
    'group without enough steps 2': ['/apis/extensions/v1beta1/', false],
    'not enough steps': ['/api/version', false],
    'one step': ['/api', false],
    'zero step': ['/', false],
    empty: ['', false],
  };
  for (const [name, [url, expected]] of Object.entries(cases)) {
    it(name, () => assert.equal(info('GET', url).isResourceRequest, expected));
  }
  it('a non-resource request keeps its path and the lower-case HTTP method as verb', () => {
    const r = info('GET', '/version');
    assert.equal(r.path, '/version');
    assert.equal(r.verb, 'get');
    assert.equal(info('POST', '/healthz').verb, 'post');
  });
});

describe('TestSelectorParsing', () => {
  // name, method, url, name, verb, fieldSelector, labelSelector
  // prettier-ignore
  const cases: [string, string, string, string, string, string, string][] = [
    ['no selector', 'GET', '/apis/group/version/resource', '', 'list', '', ''],
    ['metadata.name selector', 'GET', '/apis/group/version/resource?fieldSelector=metadata.name=name1', 'name1', 'list', 'metadata.name=name1', ''],
    ['metadata.name selector with watch', 'GET', '/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1', 'name1', 'watch', 'metadata.name=name1', ''],
    ['random selector', 'GET', '/apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux', '', 'list', 'foo=bar', 'baz=qux'],
    ['invalid selector with metadata.name', 'GET', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo', '', 'list', 'metadata.name=name1,foo', ''],
    ['invalid selector with metadata.name with watch', 'GET', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true', '', 'watch', 'metadata.name=name1,foo', ''],
    ['invalid selector with metadata.name with watch false', 'GET', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false', '', 'list', 'metadata.name=name1,foo', ''],
    ['selector on deletecollection is honored', 'DELETE', '/apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux', '', 'deletecollection', 'foo=bar', 'baz=qux'],
    ['selector on repeated param matches parsed param', 'GET', '/apis/group/version/resource?fieldSelector=metadata.name=foo&fieldSelector=metadata.name=bar&labelSelector=foo=bar&labelSelector=foo=baz', 'foo', 'list', 'metadata.name=foo', 'foo=bar'],
    ['selector on other verb is ignored', 'GET', '/apis/group/version/resource/name?fieldSelector=foo=bar&labelSelector=foo=bar', 'name', 'get', '', ''],
    ['selector on deprecated root type watch is not parsed', 'GET', '/apis/group/version/watch/resource?fieldSelector=metadata.name=foo&labelSelector=foo=bar', '', 'watch', '', ''],
    ['selector on deprecated root item watch is not parsed', 'GET', '/apis/group/version/watch/resource/name?fieldSelector=metadata.name=foo&labelSelector=foo=bar', 'name', 'watch', '', ''],
  ];
  for (const [name, method, url, objectName, verb, fieldSelector, labelSelector] of cases) {
    it(name, () => {
      const r = info(method, url);
      assert.equal(r.name, objectName);
      assert.equal(r.verb, verb);
      assert.equal(r.fieldSelector, fieldSelector);
      assert.equal(r.labelSelector, labelSelector);
    });
  }
});

describe('the emulator', () => {
  it('reads a named GET with ?watch=true as a watch of that object (it serves one)', () => {
    const r = info('GET', '/api/v1/namespaces/ns/pods/foo?watch=true');
    assert.equal(r.verb, 'watch');
    assert.equal(r.name, 'foo');
    assert.equal(info('GET', '/api/v1/namespaces/ns/pods/foo?watch=false').verb, 'get');
    assert.equal(info('GET', '/api/v1/namespaces/ns/pods/foo/status?watch=true').verb, 'get');
  });
  it('unescapes path segments as Go does, and refuses a malformed escape', () => {
    const r = info('GET', '/api/v1/namespaces/my%2Dns/pods/a%2Eb');
    assert.equal(r.namespace, 'my-ns');
    assert.equal(r.name, 'a.b');
    assert.equal(r.path, '/api/v1/namespaces/my%2Dns/pods/a%2Eb');
    assert.throws(() => info('GET', '/api/v1/namespaces/%ZZ/pods'), { code: 400 });
  });
  it('notes a verb-in-path without a resource as unreadable', () => {
    const r = info('GET', '/api/v1/watch');
    assert.equal(r.isResourceRequest, true);
    assert.ok(r.error);
  });
  it('an unknown method has no verb', () => assert.equal(info('OPTIONS', '/api/v1/pods').verb, ''));
});
