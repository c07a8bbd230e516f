/* eslint-disable @typescript-eslint/no-explicit-any -- discovery and OpenAPI documents are probed loosely here */
// Discovery, /version, health and OpenAPI: the shapes kubectl and client-go rely on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleMeta as handleMetaRequest, type MetaContext } from './meta';
import { unknownFields } from './openapi/unknown-fields';

const ctx: MetaContext = { minorVersion: 33, serverAddress: '127.0.0.1:6443' };
const V2 =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

async function get(path: string, accept?: string, c: MetaContext = ctx) {
  const res = await handleMetaRequest(
    new Request(`http://127.0.0.1:6443${path}`, accept ? { headers: { accept } } : {}),
    c,
  );
  assert.ok(res, `${path} is answered`);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text,
    json: () => JSON.parse(text) as Record<string, any>,
  };
}

describe('legacy discovery', () => {
  it('/api', async () => {
    const r = await get('/api', 'application/json, */*');
    assert.equal(r.type, 'application/json');
    assert.deepEqual(r.json(), {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });
  it('/apis lists the served groups in kube-apiserver order', async () => {
    const body = (await get('/apis')).json();
    assert.equal(body.kind, 'APIGroupList');
    assert.deepEqual(
      body.groups.map((g: any) => g.preferredVersion.groupVersion),
      [
        'apps/v1',
        'authentication.k8s.io/v1',
        'authorization.k8s.io/v1',
        'networking.k8s.io/v1',
        'policy/v1',
        'rbac.authorization.k8s.io/v1',
        'apiextensions.k8s.io/v1',
        'coordination.k8s.io/v1',
        'discovery.k8s.io/v1',
      ],
    );
  });
  it('authentication.k8s.io/v1: TokenReview always, SelfSubjectReview from 1.28', async () => {
    const names = async (minor: number) =>
      (await get('/apis/authentication.k8s.io/v1', undefined, { ...ctx, minorVersion: minor }))
        .json()
        .resources.map((r: any) => [r.name, r.namespaced, r.kind, r.verbs]);
    assert.deepEqual(await names(27), [['tokenreviews', false, 'TokenReview', ['create']]]);
    assert.deepEqual(await names(28), [
      ['selfsubjectreviews', false, 'SelfSubjectReview', ['create']],
      ['tokenreviews', false, 'TokenReview', ['create']],
    ]);
  });
  it('/api/v1 lists serviceaccounts/token as the TokenRequest kind upstream names', async () => {
    const body = (await get('/api/v1')).json();
    assert.deepEqual(
      body.resources.find((r: any) => r.name === 'serviceaccounts/token'),
      {
        name: 'serviceaccounts/token',
        singularName: '',
        namespaced: true,
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      },
    );
  });
  it('/api/v1 has every core resource with its verbs, short names and categories', async () => {
    const body = (await get('/api/v1')).json();
    assert.equal(body.kind, 'APIResourceList');
    assert.equal(body.groupVersion, 'v1');
    const byName = new Map<string, any>(body.resources.map((r: any) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), [
      'configmaps',
      'endpoints',
      'events',
      'namespaces',
      'namespaces/finalize',
      'namespaces/status',
      'nodes',
      'nodes/status',
      'pods',
      'pods/attach',
      'pods/binding',
      'pods/eviction',
      'pods/exec',
      'pods/log',
      'pods/portforward',
      'pods/status',
      'serviceaccounts',
      'serviceaccounts/token',
      'services',
      'services/status',
    ]);
    assert.deepEqual(byName.get('configmaps').shortNames, ['cm']);
    assert.deepEqual(byName.get('serviceaccounts').shortNames, ['sa']);
    assert.equal(byName.get('configmaps').categories, undefined);
    assert.deepEqual(byName.get('services'), {
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
    });
    assert.deepEqual(byName.get('endpoints').shortNames, ['ep']);
    assert.equal(byName.get('endpoints').categories, undefined);
    assert.deepEqual(byName.get('pods').shortNames, ['po']);
    assert.deepEqual(byName.get('pods').categories, ['all']);
    assert.deepEqual(byName.get('nodes').shortNames, ['no']);
    assert.equal(byName.get('nodes').namespaced, false);
    assert.deepEqual(byName.get('namespaces').shortNames, ['ns']);
    assert.deepEqual(byName.get('events').shortNames, ['ev']);
    assert.deepEqual(byName.get('pods/status'), {
      name: 'pods/status',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get', 'patch', 'update'],
    });
    for (const r of body.resources)
      if (!r.name.includes('/')) assert.ok(r.verbs.includes('watch'), r.name);
  });
  it('/apis/apps/v1 with scale and status subresources', async () => {
    const body = (await get('/apis/apps/v1')).json();
    assert.equal(body.groupVersion, 'apps/v1');
    const byName = new Map<string, any>(body.resources.map((r: any) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ]);
    assert.deepEqual(byName.get('deployments').shortNames, ['deploy']);
    assert.deepEqual(byName.get('replicasets').shortNames, ['rs']);
    assert.deepEqual(byName.get('statefulsets').shortNames, ['sts']);
    assert.deepEqual(byName.get('statefulsets').categories, ['all']);
    assert.deepEqual(byName.get('daemonsets').shortNames, ['ds']);
    assert.deepEqual(byName.get('daemonsets').categories, ['all']);
    // As a 1.33 apiserver lists it: no short names, no categories, every CRUD verb.
    const revisions = byName.get('controllerrevisions');
    assert.equal(revisions.kind, 'ControllerRevision');
    assert.equal(revisions.singularName, 'controllerrevision');
    assert.equal(revisions.shortNames, undefined);
    assert.equal(revisions.categories, undefined);
    assert.deepEqual(revisions.verbs, [
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    assert.deepEqual(byName.get('deployments/scale'), {
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  });
  it('/apis/discovery.k8s.io/v1 and /apis/authorization.k8s.io/v1', async () => {
    const slices = (await get('/apis/discovery.k8s.io/v1')).json();
    assert.deepEqual(
      slices.resources.map((r: any) => [r.name, r.kind, r.singularName]),
      [['endpointslices', 'EndpointSlice', 'endpointslice']],
    );
    const authz = (await get('/apis/authorization.k8s.io/v1')).json();
    const review = (name: string, kind: string, namespaced = false) => ({
      name,
      singularName: name.slice(0, -1),
      namespaced,
      kind,
      verbs: ['create'],
    });
    assert.deepEqual(authz.resources, [
      review('localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
      review('selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
      review('selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
      review('subjectaccessreviews', 'SubjectAccessReview'),
    ]);
  });
  it('/apis/<group> is an APIGroup', async () => {
    const body = (await get('/apis/apps')).json();
    assert.deepEqual(body, {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
  });
  it('leaves resource paths and unknown groups to the resource handlers', async () => {
    for (const path of [
      '/api/v1/namespaces/default/services',
      '/apis/apps/v1/deployments',
      '/apis/foo.example.com/v1',
      '/apis/foo.example.com',
    ])
      assert.equal(await handleMetaRequest(new Request(`http://x${path}`), ctx), undefined, path);
  });
  it('refuses writes to discovery with 405', async () => {
    const res = await handleMetaRequest(
      new Request('http://x/api', { method: 'POST', body: '{}' }),
      ctx,
    );
    assert.equal(res?.status, 405);
    assert.equal((await res?.json()).reason, 'MethodNotAllowed');
  });
});

describe('aggregated discovery', () => {
  it('answers v2 with the exact content type when offered first (kubectl 1.30+)', async () => {
    const r = await get('/api', V2);
    assert.equal(r.type, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const body = r.json();
    assert.equal(body.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.equal(body.kind, 'APIGroupDiscoveryList');
    const core = body.items[0];
    assert.equal(core.metadata.name, undefined);
    const svc = core.versions[0].resources.find((x: any) => x.resource === 'services');
    assert.deepEqual(svc, {
      resource: 'services',
      responseKind: { group: '', version: 'v1', kind: 'Service' },
      scope: 'Namespaced',
      singularResource: 'service',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: '', version: 'v1', kind: 'Service' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });
    assert.equal(core.versions[0].freshness, 'Current');
  });
  it('answers v2beta1 to kubectl 1.27–1.29', async () => {
    const r = await get('/apis', V2BETA1);
    assert.equal(
      r.type,
      'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    );
    const body = r.json();
    assert.equal(body.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    assert.deepEqual(
      body.items.map((i: any) => i.metadata.name),
      [
        'apps',
        'authentication.k8s.io',
        'authorization.k8s.io',
        'networking.k8s.io',
        'policy',
        'rbac.authorization.k8s.io',
        'apiextensions.k8s.io',
        'coordination.k8s.io',
        'discovery.k8s.io',
      ],
    );
    const apps = body.items[0].versions[0].resources;
    const deploy = apps.find((x: any) => x.resource === 'deployments');
    assert.deepEqual(
      deploy.subresources.map((s: any) => [
        s.subresource,
        s.responseKind.group,
        s.responseKind.kind,
      ]),
      [
        ['scale', 'autoscaling', 'Scale'],
        ['status', 'apps', 'Deployment'],
      ],
    );
  });
  it('falls back to legacy documents for plain JSON clients', async () => {
    assert.equal((await get('/apis', 'application/json')).json().kind, 'APIGroupList');
  });
});

describe('/version and health', () => {
  it('reports the configured minor', async () => {
    const v27 = (await get('/version', undefined, { ...ctx, minorVersion: 27 })).json();
    assert.equal(v27.major, '1');
    assert.equal(v27.minor, '27');
    assert.equal(v27.gitVersion, 'v1.27.0+switchboard');
    assert.equal(v27.emulationMinor, undefined);
    assert.equal(v27.platform, 'linux/amd64');
    const v33 = (await get('/version')).json();
    assert.equal(v33.gitVersion, 'v1.33.0+switchboard');
    assert.equal(v33.emulationMinor, '33');
  });
  for (const path of ['/healthz', '/readyz', '/livez', '/readyz/ping'])
    it(path, async () => {
      const r = await get(path);
      assert.equal(r.status, 200);
      assert.equal(r.text, 'ok');
      assert.match(r.type ?? '', /^text\/plain/);
    });
});

describe('OpenAPI', () => {
  it('v2 is absent with a Status', async () => {
    const r = await get('/openapi/v2');
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });
  it('v3 root names one document per group-version, with hashes that match', async () => {
    const root = (await get('/openapi/v3')).json();
    assert.deepEqual(Object.keys(root.paths), [
      'api/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
    ]);
    for (const [key, entry] of Object.entries<any>(root.paths)) {
      const url = new URL(entry.serverRelativeURL, 'http://x');
      const res = await handleMetaRequest(new Request(`http://x${entry.serverRelativeURL}`), ctx);
      assert.equal(res?.status, 200, key);
      assert.equal(res?.headers.get('etag'), `"${url.searchParams.get('hash')}"`);
    }
  });
  it('every served kind has a PATCH with its GVK and the fieldValidation parameter (kubectl 1.29+)', async () => {
    const kinds: [string, string, string][] = [
      ['api/v1', '', 'Service'],
      ['api/v1', '', 'Endpoints'],
      ['api/v1', '', 'Pod'],
      ['api/v1', '', 'Namespace'],
      ['api/v1', '', 'Node'],
      ['api/v1', '', 'Event'],
      ['apis/apps/v1', 'apps', 'Deployment'],
      ['apis/apps/v1', 'apps', 'ReplicaSet'],
      ['apis/discovery.k8s.io/v1', 'discovery.k8s.io', 'EndpointSlice'],
      ['api/v1', '', 'ConfigMap'],
      ['api/v1', '', 'ServiceAccount'],
      ['apis/apps/v1', 'apps', 'StatefulSet'],
      ['apis/apps/v1', 'apps', 'DaemonSet'],
      ['apis/rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', 'Role'],
      ['apis/rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', 'ClusterRole'],
      ['apis/rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', 'RoleBinding'],
      ['apis/rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', 'ClusterRoleBinding'],
      ['apis/networking.k8s.io/v1', 'networking.k8s.io', 'NetworkPolicy'],
      ['apis/policy/v1', 'policy', 'PodDisruptionBudget'],
    ];
    for (const [doc, group, kind] of kinds) {
      const body = (await get(`/openapi/v3/${doc}`)).json();
      assert.equal(body.openapi, '3.0.0');
      const patches = Object.values<any>(body.paths)
        .map((p) => p.patch)
        .filter(
          (op) =>
            op &&
            op['x-kubernetes-group-version-kind'].kind === kind &&
            op['x-kubernetes-group-version-kind'].group === group,
        );
      assert.ok(patches.length > 0, `${kind} has a PATCH`);
      for (const op of patches) {
        assert.ok(
          op.parameters.some((p: any) => p.name === 'fieldValidation' && p.in === 'query'),
          kind,
        );
        // kubectl apply computes SMP from Go types when the schema does not claim SMP.
        assert.equal(op.requestBody.content['application/strategic-merge-patch+json'], undefined);
      }
      const schemaName = Object.keys(body.components.schemas).find(
        (n) => body.components.schemas[n]['x-kubernetes-group-version-kind']?.[0]?.kind === kind,
      );
      assert.ok(schemaName, `${kind} schema`);
    }
  });
  it('component references all resolve inside each document', async () => {
    for (const doc of [
      'api/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
    ]) {
      const r = await get(`/openapi/v3/${doc}`);
      const schemas = r.json().components.schemas;
      for (const m of r.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
        assert.ok(schemas[m[1] ?? ''], `${doc}: ${m[1]}`);
    }
  });
  it('an unknown document is a 404', async () => {
    assert.equal((await get('/openapi/v3/apis/foo/v1')).status, 404);
  });
});

describe('unknown fields (fieldValidation=Strict)', () => {
  it('finds misspelt fields with their paths', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'a', labels: { x: 'y' } },
      spec: { selektor: { app: 'a' }, ports: [{ port: 80, nme: 'http', targetPort: 'web' }] },
    };
    assert.deepEqual(unknownFields('services', svc), ['spec.selektor', 'spec.ports[0].nme']);
  });
  it('accepts the seed manifests and common deployment fields', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx-deployment', labels: { app: 'nginx' }, annotations: { a: 'b' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx-container',
                image: 'nginx',
                ports: [{ containerPort: 80 }],
                env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
                resources: { limits: { cpu: '1' } },
                readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
                volumeMounts: [{ name: 'v', mountPath: '/x' }],
              },
            ],
            volumes: [{ name: 'v', emptyDir: {} }],
            affinity: { nodeAffinity: {} },
            tolerations: [{ key: 'k', operator: 'Exists' }],
          },
        },
      },
    };
    assert.deepEqual(unknownFields('deployments', deploy), []);
    assert.deepEqual(
      unknownFields('endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'external-web' },
        subsets: [
          {
            addresses: [{ ip: '10.10.50.53' }],
            ports: [{ name: 'apache', port: 80, protocol: 'TCP' }],
          },
        ],
      }),
      [],
    );
    assert.deepEqual(
      unknownFields('endpointslices', {
        addressType: 'IPv4',
        endpoints: [{ addresses: ['1.2.3.4'], conditions: { ready: true }, zone: 'a', bogus: 1 }],
        ports: [],
      }),
      ['endpoints[0].bogus'],
    );
  });
});
