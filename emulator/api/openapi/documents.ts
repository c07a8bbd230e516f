/**
 * The OpenAPI v3 discovery root (`/openapi/v3`) and one document per group-version, shaped
 * like the apiserver's. kubectl 1.29+ reads them to learn that the server does field validation:
 * it looks for a PATCH operation carrying the object's `x-kubernetes-group-version-kind` and a
 * `fieldValidation` query parameter, and then sends `fieldValidation=Strict`.
 *
 * PATCH request bodies deliberately do not list `application/strategic-merge-patch+json`: kubectl
 * apply then computes strategic merge patches from its compiled-in Go types (exactly right for
 * built-in kinds) instead of from these schemas, which describe the common fields but not all.
 */
import { createHash } from 'node:crypto';
import {
  GROUP_VERSIONS,
  RESOURCES,
  RESOURCE_NAMES,
  REVIEW_RESOURCES,
  servedAt,
  type ResourceInfo,
  type ServedResource,
} from '../../core/resources';
import { ref, type Schema } from './builders';
import { closure, COMPONENTS } from './schemas';

const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** Component name of a kind's schema. */
export function schemaName(group: string, version: string, kind: string): string {
  // CustomResourceDefinition lives in its own module, not in k8s.io/api.
  if (group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  // k8s.io/api packages are named by the group's first label: rbac.authorization.k8s.io → rbac.
  const pkg = group === '' ? 'core' : (group.split('.')[0] ?? group);
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

const q = (name: string, description: string, type = 'string'): Schema => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});
const dryRun = q('dryRun', 'When present, indicates that modifications should not be persisted.');
const fieldManager = q(
  'fieldManager',
  'fieldManager is a name associated with the actor or entity that is making these changes.',
);
const fieldValidation = q(
  'fieldValidation',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
);
const force = q('force', 'Force is going to "force" Apply requests.', 'boolean');
const listParams = [
  q(
    'allowWatchBookmarks',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
    'boolean',
  ),
  q('continue', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
  q('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  q('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  q(
    'resourceVersion',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  q(
    'resourceVersionMatch',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  q('sendInitialEvents', 'sendInitialEvents=true may be set together with watch=true.', 'boolean'),
  q('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  q('watch', 'Watch for changes to the described resources.', 'boolean'),
];
const pathParam = (name: string, description: string): Schema => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

function jsonBody(schema: Schema): Schema {
  return {
    content: { '*/*': { schema } },
    required: true,
  };
}
function ok(schema: Schema, code = '200'): Schema {
  return {
    [code]: {
      description: 'OK',
      content: {
        'application/json': { schema },
        'application/yaml': { schema },
      },
    },
    '401': { description: 'Unauthorized' },
  };
}

function operation(
  action: string,
  operationId: string,
  tag: string,
  gvk: { group: string; version: string; kind: string },
  responses: Schema,
  parameters: Schema[] = [],
  requestBody?: Schema,
): Schema {
  const op: Schema = {
    tags: [tag],
    description: `${action} ${gvk.kind}`,
    operationId,
    parameters,
    responses,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
  if (requestBody) op.requestBody = requestBody;
  return op;
}

function patchBody(): Schema {
  const schema = ref(`${M}Patch`);
  return {
    content: {
      'application/apply-patch+yaml': { schema },
      'application/json-patch+json': { schema },
      'application/merge-patch+json': { schema },
    },
    required: true,
  };
}

function tagOf(info: { group: string; version: string }): string {
  if (!info.group) return 'core_v1';
  const g = info.group.replace(/\.k8s\.io$/, '').replace(/\./g, '');
  return `${g}_${info.version}`;
}

function pathsFor(info: ResourceInfo): Record<string, Schema> {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const schema = ref(schemaName(info.group, info.version, info.kind));
  const listSchema = ref(schemaName(info.group, info.version, info.listKind));
  const tag = tagOf(info);
  const K = info.kind;
  const ns = info.namespaced ? 'Namespaced' : '';
  const collection = info.namespaced
    ? `${base}/namespaces/{namespace}/${info.resource}`
    : `${base}/${info.resource}`;
  const item = `${collection}/{name}`;
  const common: Schema[] = [];
  if (info.namespaced)
    common.push(
      pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
    );
  const writeParams = [dryRun, fieldManager, fieldValidation];
  const paths: Record<string, Schema> = {};
  paths[collection] = {
    get: operation('list', `list${ns}${K}`, tag, gvk, ok(listSchema), listParams),
    post: operation(
      'post',
      `create${ns}${K}`,
      tag,
      gvk,
      { ...ok(schema), ...ok(schema, '201') },
      writeParams,
      jsonBody(schema),
    ),
    parameters: common,
  };
  if (info.verbs.includes('deletecollection')) {
    (paths[collection] as Schema).delete = operation(
      'deletecollection',
      `deleteCollection${ns}${K}`,
      tag,
      gvk,
      ok(ref(`${M}Status`)),
      listParams,
    );
  }
  const itemParams = [pathParam('name', `name of the ${K}`), ...common];
  paths[item] = {
    get: operation('get', `read${ns}${K}`, tag, gvk, ok(schema)),
    put: operation('put', `replace${ns}${K}`, tag, gvk, ok(schema), writeParams, jsonBody(schema)),
    patch: operation(
      'patch',
      `patch${ns}${K}`,
      tag,
      gvk,
      ok(schema),
      [...writeParams, force],
      patchBody(),
    ),
    delete: operation(
      'delete',
      `delete${ns}${K}`,
      tag,
      gvk,
      ok(ref(`${M}Status`)),
      [dryRun],
      jsonBody(ref(`${M}DeleteOptions`)),
    ),
    parameters: itemParams,
  };
  for (const sub of info.subresources) {
    if (sub.name === 'token') Object.assign(paths, tokenRequestPath(item, tag, itemParams));
    if (sub.name === 'eviction') Object.assign(paths, evictionPath(item, tag, itemParams));
    // Only the subresources that carry a schema here (binding/finalize are write-only verbs).
    if (sub.name !== 'status' && sub.name !== 'scale') continue;
    const subGvk =
      sub.group !== undefined
        ? { group: sub.group, version: sub.version ?? 'v1', kind: sub.kind }
        : gvk;
    const subSchema = ref(schemaName(subGvk.group, subGvk.version, subGvk.kind));
    const Sub = sub.name === 'status' ? 'Status' : 'Scale';
    paths[`${item}/${sub.name}`] = {
      get: operation('get', `read${ns}${K}${Sub}`, tag, subGvk, ok(subSchema)),
      put: operation(
        'put',
        `replace${ns}${K}${Sub}`,
        tag,
        subGvk,
        ok(subSchema),
        writeParams,
        jsonBody(subSchema),
      ),
      patch: operation(
        'patch',
        `patch${ns}${K}${Sub}`,
        tag,
        subGvk,
        ok(subSchema),
        [...writeParams, force],
        patchBody(),
      ),
      parameters: itemParams,
    };
  }
  if (info.namespaced) {
    paths[`${base}/${info.resource}`] = {
      get: operation('list', `list${K}ForAllNamespaces`, tag, gvk, ok(listSchema), listParams),
    };
  }
  return paths;
}

/** `serviceaccounts/{name}/token`: one POST of a TokenRequest, answered with the token. */
function tokenRequestPath(item: string, tag: string, itemParams: Schema[]): Record<string, Schema> {
  const gvk = { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
  const schema = ref(schemaName(gvk.group, gvk.version, gvk.kind));
  const post = operation(
    'post',
    'createNamespacedServiceAccountToken',
    tag,
    gvk,
    { ...ok(schema), ...ok(schema, '201') },
    [dryRun, fieldManager, fieldValidation],
    jsonBody(schema),
  );
  return { [`${item}/token`]: { post, parameters: itemParams } };
}

/** A review is only created: one POST, answered with the review and its status. */
function reviewPaths(info: ServedResource): Record<string, Schema> {
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const schema = ref(schemaName(info.group, info.version, info.kind));
  const base = `/apis/${info.group}/${info.version}`;
  const path = info.namespaced
    ? `${base}/namespaces/{namespace}/${info.resource}`
    : `${base}/${info.resource}`;
  const post = operation(
    'post',
    `create${info.namespaced ? 'Namespaced' : ''}${info.kind}`,
    tagOf(info),
    gvk,
    { ...ok(schema), ...ok(schema, '201') },
    [dryRun, fieldManager, fieldValidation],
    jsonBody(schema),
  );
  if (!info.namespaced) return { [path]: { post } };
  return {
    [path]: {
      post,
      parameters: [
        pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
      ],
    },
  };
}

function groupVersionKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `pods/{name}/eviction`: one POST of a policy/v1 Eviction, answered with a Status. */
function evictionPath(item: string, tag: string, itemParams: Schema[]): Record<string, Schema> {
  const gvk = { group: 'policy', version: 'v1', kind: 'Eviction' };
  const schema = ref(schemaName(gvk.group, gvk.version, gvk.kind));
  const post = operation(
    'post',
    'createNamespacedPodEviction',
    tag,
    gvk,
    { ...ok(schema), ...ok(schema, '201') },
    [dryRun, fieldManager, fieldValidation],
    jsonBody(schema),
  );
  return { [`${item}/eviction`]: { post, parameters: itemParams } };
}

function buildDocument(group: string, version: string, minor: number): Schema {
  const paths: Record<string, Schema> = {};
  const roots: string[] = [`${M}Status`, `${M}DeleteOptions`, `${M}Patch`, `${M}WatchEvent`];
  for (const name of RESOURCE_NAMES) {
    const info = RESOURCES[name];
    if (info.group !== group || info.version !== version) continue;
    Object.assign(paths, pathsFor(info));
    roots.push(schemaName(group, version, info.kind), schemaName(group, version, info.listKind));
    for (const sub of info.subresources)
      if (sub.group !== undefined) roots.push(schemaName(sub.group, sub.version ?? 'v1', sub.kind));
  }
  for (const review of REVIEW_RESOURCES) {
    if (review.group !== group || review.version !== version || !servedAt(review, minor)) continue;
    Object.assign(paths, reviewPaths(review));
    roots.push(schemaName(group, version, review.kind));
  }
  const schemas: Record<string, Schema> = {};
  for (const name of closure(roots)) {
    const schema = COMPONENTS[name];
    if (schema) schemas[name] = schema;
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v1.${minor}.0` },
    paths,
    components: { schemas },
  };
}

const cache = new Map<string, { body: string; hash: string }>();

/** The serialized document for `api/v1` / `apis/<g>/<v>` and its hash, or undefined if unknown. */
export function openAPIDocument(
  key: string,
  minor: number,
): { body: string; hash: string } | undefined {
  const cacheKey = `${minor}:${key}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let doc: Schema | undefined;
  if (key === 'api/v1') doc = buildDocument('', 'v1', minor);
  for (const gv of GROUP_VERSIONS)
    if (key === groupVersionKey(gv.group, gv.version))
      doc = buildDocument(gv.group, gv.version, minor);
  if (!doc) return undefined;
  const body = JSON.stringify(doc);
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  const entry = { body, hash };
  cache.set(cacheKey, entry);
  return entry;
}

export function openAPIRoot(minor: number): Schema {
  const keys = ['api/v1', ...GROUP_VERSIONS.map((g) => groupVersionKey(g.group, g.version))];
  const paths: Record<string, Schema> = {};
  for (const key of keys) {
    const doc = openAPIDocument(key, minor);
    if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
  }
  return { paths };
}
