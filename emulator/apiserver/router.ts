/**
 * The embedded apiserver's HTTP surface as a web-standard `fetch(Request) → Response` handler:
 * URL routing for the served resources (namespaced, all-namespaces, subresources status, scale,
 * finalize, binding), verbs get/list/watch/create/update/patch/delete/deletecollection, query
 * parameters (selectors, paging, resourceVersion semantics, dryRun, fieldValidation, delete
 * options), Table responses, bearer-token authorization, and every error as the apiserver's
 * Status. Discovery, /version, OpenAPI and SSAR are answered by emulator/api first.
 *
 * Nothing a client sends may crash it: every request is wrapped and unknown failures become a
 * 500 InternalError Status.
 */
import { parse as parseYaml } from 'yaml';
import { authorizeRequest as decideByConfig, type AuthConfig } from '../api/auth';
import { handleMeta } from '../api/meta';
import { typeMismatch, unknownFields } from '../api/openapi/unknown-fields';
import { buildTable } from '../api/tables/table';
import {
  type ApiError,
  badRequest,
  expired,
  fieldInvalid,
  fieldNotSupported,
  fieldForbidden,
  internalError,
  invalid,
  isApiError,
  methodNotAllowed,
  notFound,
  pathNotFound,
  requestEntityTooLarge,
  tooLargeResourceVersion,
  unsupportedMediaType,
  forbidden,
  conflict,
  OBJECT_MODIFIED,
} from '../core/errors';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PATCH_CONTENT_TYPES,
} from '../core/patch';
import { decodeProtobufObject, PROTOBUF_TYPE } from '../core/protobuf';
import { resourcesOf, type ResourceInfo } from '../core/resources';
import {
  isEmptyFilter,
  labelSelectorToString,
  matchesFilter,
  parseFilter,
  type ObjectFilter,
} from '../core/selectors';
import { lowerBound, type CoreStore } from '../core/store';
import type { DeleteOptions, FieldCause, KubeObject, ResourceName } from '../core/types';
import { startWatch, type ActiveWatch, type WatchEventType } from '../core/watch';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export interface RouterOptions {
  store: CoreStore;
  /** Kubernetes minor version reported (27–33). */
  minorVersion: number;
  authConfig?: AuthConfig;
  /** Serve emulator/api's protobuf OpenAPI v2 (kubectl 1.27/1.28 validation). Default false. */
  openAPIV2?: boolean;
  /** `host:port` clients reach the server at (discovery's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Interval of BOOKMARK events for allowWatchBookmarks=true. Default 5000 ms. */
  bookmarkIntervalMs?: number;
  /** Unsent events a watcher may hold for longer than slowWatcherGraceMs. Default 10,000. */
  maxQueuedWatchEvents?: number;
  /** How long a watcher may stay over maxQueuedWatchEvents before it is closed. Default 5000 ms. */
  slowWatcherGraceMs?: number;
  /** How long a read at a future resourceVersion waits before 504. Default 3000 ms. */
  futureResourceVersionWaitMs?: number;
}

export interface Router {
  fetch(request: Request): Promise<Response>;
  /** Ends every open watch (server shutdown). */
  closeWatches(): void;
  activeWatchCount(): number;
}

const JSON_TYPE = 'application/json';
const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

interface Route {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid path segment ${JSON.stringify(segment)}`);
  }
}

function parseRoute(pathname: string): Route | undefined {
  const segs = pathname.split('/').slice(1);
  if (segs.length && segs[segs.length - 1] === '') segs.pop();
  if (segs.some((s) => s === '')) return undefined;
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 2) {
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  const served = resourcesOf(group, version);
  if (served.size === 0 || rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && served.get(rest[2]!)?.namespaced) {
    namespace = decodeSegment(rest[1]!);
    rest = rest.slice(2);
  }
  const info = served.get(rest[0]!);
  if (!info || rest.length > 3) return undefined;
  if (info.namespaced && namespace === undefined && rest.length > 1) return undefined;
  return {
    info,
    namespace,
    name: rest[1] === undefined ? undefined : decodeSegment(rest[1]),
    subresource: rest[2],
    watchPrefix,
  };
}

function parseBool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False', ''].includes(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function parseIntParam(_name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
  return Number(value);
}

function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw badRequest(`invalid resource version: ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, private', ...headers },
  });
}

function errorResponse(error: unknown): Response {
  const e = isApiError(error)
    ? error
    : internalError(error instanceof Error ? error.message : String(error));
  if (!isApiError(error)) console.error('emulator: unexpected error while serving', error);
  return json(e.code, e.status, e.headers);
}

function optionsInvalid(kind: string, causes: FieldCause[]): ApiError {
  return invalid(kind, 'meta.k8s.io', '', causes);
}

function wantsTable(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

function withoutTypeMeta(object: KubeObject): Record<string, unknown> {
  const { kind: _k, apiVersion: _a, ...rest } = object;
  return rest;
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function readBody(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body; whatever we answer, nobody reads it.
      throw badRequest('unexpected EOF while reading the request body');
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > MAX_REQUEST_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw requestEntityTooLarge(MAX_REQUEST_BODY_BYTES);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function summarize(text: string): string {
  if (text.length === 0) return '<empty>';
  return text.length > 30 ? `${text.slice(0, 30)} ...` : text;
}

/** Decodes a create/update body as the apiserver's serializer would (JSON or YAML). */
function decodeObject(info: ResourceInfo, body: Uint8Array, type: string): KubeObject {
  const text = new TextDecoder().decode(body);
  let value: unknown;
  if (type === '' || type === 'application/json' || type === '*/*') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: ${(error as Error).message} (${summarize(text)})`,
      );
    }
  } else if (type === 'application/yaml') {
    try {
      value = parseYaml(text);
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${info.kind}): yaml: ${(error as Error).message} (${summarize(text)})`,
      );
    }
  } else if (type === PROTOBUF_TYPE) {
    value = decodeProtobufObject(body, info.kind);
  } else {
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${summarize(text)})`,
    );
  }
  const object = value as KubeObject;
  if (object.apiVersion !== undefined && object.apiVersion !== info.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${info.apiVersion})`,
    );
  }
  if (object.kind !== undefined && object.kind !== info.kind) {
    throw badRequest(
      `${String(object.kind)} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: converting (${info.version}.${String(object.kind)}) to (${info.version}.${info.kind}): unknown conversion`,
    );
  }
  if (
    object.metadata !== undefined &&
    (typeof object.metadata !== 'object' || object.metadata === null)
  ) {
    throw badRequest(
      `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: json: cannot unmarshal ${typeof object.metadata} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  object.apiVersion = info.apiVersion;
  object.kind = info.kind;
  object.metadata ??= {};
  return object;
}

interface WriteParams {
  dryRun: boolean;
  fieldValidation: '' | 'Ignore' | 'Warn' | 'Strict';
  fieldManager?: string;
}

function writeParams(url: URL, optionsKind: string): WriteParams {
  const dryRun = url.searchParams.getAll('dryRun');
  const causes: FieldCause[] = [];
  if (dryRun.some((v) => v !== 'All')) {
    causes.push(fieldNotSupported('dryRun', dryRun, ['All']));
  }
  const fv = url.searchParams.get('fieldValidation') ?? '';
  if (!['', 'Ignore', 'Warn', 'Strict'].includes(fv)) {
    causes.push(fieldNotSupported('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']));
  }
  const fieldManager = url.searchParams.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    causes.push(fieldInvalid('fieldManager', fieldManager, 'must be no more than 128 characters'));
  }
  if (causes.length) throw optionsInvalid(optionsKind, causes);
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: fv as WriteParams['fieldValidation'],
    fieldManager,
  };
}

const SCALE_FIELDS: Record<string, Set<string> | undefined> = {
  '': new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']),
  spec: new Set(['replicas']),
  status: new Set(['replicas', 'selector']),
};

/** autoscaling/v1 Scale is not in emulator/api's schemas; its few fields are checked here. */
function unknownScaleFields(object: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    const allowed = SCALE_FIELDS[path];
    if (!allowed || typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const child = path ? `${path}.${k}` : k;
      if (!allowed.has(k)) out.push(child);
      else walk(v, child);
    }
  };
  walk(object, '');
  return out;
}

/**
 * The apiserver decodes every body into the kind's Go struct before anything else, so a value
 * of the wrong JSON type (`replicas: "abc"`) is refused: a create/update body → 400 (the
 * decoder's `… cannot be handled as a …`), a patched object → 422 on `patch` (upstream
 * patch.go's jsonPatcher), whatever fieldValidation says.
 */
function checkTypes(info: ResourceInfo, object: unknown, patch: boolean): void {
  const mismatch = typeMismatch(info.resource, object);
  if (!mismatch) return;
  if (patch) {
    throw invalid('', '', '', [
      {
        reason: 'FieldValueInvalid',
        field: 'patch',
        message: `Invalid value: ${JSON.stringify(JSON.stringify(object))}: ${mismatch}`,
      },
    ]);
  }
  throw badRequest(
    `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${mismatch}`,
  );
}

/** Strict → 400, Warn (and the default) → Warning headers, Ignore → nothing. */
function checkUnknownFields(
  resource: ResourceName | 'scale',
  object: unknown,
  params: WriteParams,
): string[] {
  if (params.fieldValidation === 'Ignore') return [];
  const unknown =
    resource === 'scale' ? unknownScaleFields(object) : unknownFields(resource, object);
  if (unknown.length === 0) return [];
  const messages = unknown.map((f) => `unknown field ${JSON.stringify(f)}`);
  if (params.fieldValidation === 'Strict') {
    throw badRequest(`strict decoding error: ${messages.join(', ')}`);
  }
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}

export function createRouter(options: RouterOptions): Router {
  const { store } = options;
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 5000;
  const maxQueuedWatchEvents = options.maxQueuedWatchEvents ?? 10_000;
  const futureWaitMs = options.futureResourceVersionWaitMs ?? 3000;
  const watches = new Set<ActiveWatch>();

  function deprecationWarnings(info: ResourceInfo): string[] {
    if (info.resource === 'endpoints' && options.minorVersion >= 33) {
      return [
        '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"',
      ];
    }
    return [];
  }

  function respond(
    status: number,
    body: unknown,
    info: ResourceInfo,
    warnings: string[] = [],
    contentType = JSON_TYPE,
  ): Response {
    const headers = new Headers({
      'Content-Type': contentType,
      'Cache-Control': 'no-cache, private',
    });
    for (const w of [...deprecationWarnings(info), ...warnings]) headers.append('Warning', w);
    return new Response(JSON.stringify(body), { status, headers });
  }

  function tableOf(
    resource: ResourceName,
    objects: KubeObject[],
    listMeta: { resourceVersion: string; continue?: string },
    url: URL,
  ): Record<string, unknown> | undefined {
    const include = url.searchParams.get('includeObject');
    const includeObject =
      include === 'None' || include === 'Object' || include === 'Metadata' ? include : 'Metadata';
    try {
      return buildTable(resource, objects, listMeta, { includeObject });
    } catch (error) {
      // A Table that cannot be built must not cost kubectl the object: it then prints the
      // plain object (NAME/AGE), which is what it does with servers that lack Tables.
      console.error(`emulator: Table conversion failed for ${resource}`, error);
      return undefined;
    }
  }

  function authorizeRequest(request: Request, route: Route, verb: string) {
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const namespace = route.info.resource === 'namespaces' ? route.name : route.namespace;
    const result = decideByConfig(options.authConfig, {
      token,
      verb,
      group: route.info.group,
      resource: route.info.resource,
      subresource: route.subresource,
      namespace,
      name: route.name,
    });
    if (result.allowed) return;
    const resource = route.subresource
      ? `${route.info.resource}/${route.subresource}`
      : route.info.resource;
    const scope = namespace
      ? `in the namespace ${JSON.stringify(namespace)}`
      : 'at the cluster scope';
    const why = `User ${JSON.stringify(result.user)} cannot ${verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(route.info.group)} ${scope}`;
    // Upstream appends the authorizer's reason; RBAC gives none for a denial, so neither do we.
    throw forbidden(route.info.resource, route.info.group, route.name, why);
  }

  // ------------------------------------------------------------------------------- list

  function validateListOptions(url: URL, watch: boolean) {
    const q = url.searchParams;
    const rv = q.get('resourceVersion') ?? '';
    const match = q.get('resourceVersionMatch') ?? '';
    const cont = q.get('continue') ?? '';
    const sendInitialEvents = parseBool(q.get('sendInitialEvents'));
    const causes: FieldCause[] = [];
    if (match) {
      if (!watch && !rv) {
        causes.push(
          fieldForbidden(
            'resourceVersionMatch',
            'resourceVersionMatch is forbidden unless resourceVersion is provided',
          ),
        );
      }
      if (cont) {
        causes.push(
          fieldForbidden(
            'resourceVersionMatch',
            'resourceVersionMatch is forbidden when continue is provided',
          ),
        );
      }
      if (match !== 'NotOlderThan' && match !== 'Exact') {
        causes.push(fieldNotSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan']));
      } else if (match === 'Exact' && rv === '0') {
        causes.push(
          fieldForbidden(
            'resourceVersionMatch',
            'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
          ),
        );
      }
    }
    if (sendInitialEvents !== undefined) {
      if (!watch) {
        causes.push(fieldForbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
      } else {
        if (match !== 'NotOlderThan') {
          causes.push(
            fieldForbidden(
              'resourceVersionMatch',
              'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
            ),
          );
        }
        if (parseBool(q.get('allowWatchBookmarks')) !== true) {
          causes.push(
            fieldForbidden(
              'allowWatchBookmarks',
              'allowWatchBookmarks required when sendInitialEvents is provided',
            ),
          );
        }
      }
    } else if (watch && match) {
      causes.push(
        fieldForbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    }
    if (causes.length) throw optionsInvalid('ListOptions', causes);
  }

  async function waitForFutureRV(rv: number) {
    const current = Number(store.currentResourceVersion());
    if (rv <= current) return;
    const ok = await store.waitForResourceVersion(rv, futureWaitMs);
    if (!ok) throw tooLargeResourceVersion(rv, Number(store.currentResourceVersion()));
  }

  interface ContinueToken {
    v: string;
    rv: number;
    start: string;
  }

  function encodeContinue(rv: number, lastKey: string): string {
    const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` };
    return Buffer.from(JSON.stringify(token)).toString('base64');
  }

  function decodeContinue(value: string): ContinueToken {
    try {
      const token = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as ContinueToken;
      if (
        token.v !== 'meta.k8s.io/v1' ||
        typeof token.rv !== 'number' ||
        typeof token.start !== 'string'
      ) {
        throw new Error('continue key is not valid');
      }
      return token;
    } catch {
      throw badRequest(`invalid continue token: continue key is not valid: ${value}`);
    }
  }

  async function list(request: Request, url: URL, route: Route, filter: ObjectFilter) {
    const { info } = route;
    validateListOptions(url, false);
    const q = url.searchParams;
    const rvParam = q.get('resourceVersion') ?? '';
    const match = q.get('resourceVersionMatch') ?? '';
    const cont = q.get('continue') ?? '';
    const limit = Math.max(0, parseIntParam('limit', q.get('limit')) ?? 0);
    if (cont && rvParam && rvParam !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue');
    }
    let listRV = Number(store.currentResourceVersion());
    if (rvParam && rvParam !== '0') {
      const rv = parseResourceVersion(rvParam);
      await waitForFutureRV(rv);
      if (match === 'Exact' && rv !== Number(store.currentResourceVersion())) {
        throw expired('The resourceVersion for the provided list is too old.');
      }
      listRV = Number(store.currentResourceVersion());
    }
    let startKey = '';
    if (cont) {
      const token = decodeContinue(cont);
      if (token.rv < store.compactedResourceVersion()) {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      // Served from current state ("inconsistent continue"), with the first page's RV so a
      // watch from it replays whatever changed in between.
      listRV = token.rv;
      startKey = token.start;
    }
    const keys = store.sortedKeys(info.resource);
    const prefix = info.namespaced && route.namespace !== undefined ? `${route.namespace}/` : '';
    let i = lowerBound(keys, startKey > prefix ? startKey : prefix);
    const inRange = (k: string) => k.startsWith(prefix);
    const items: KubeObject[] = [];
    let lastKey = '';
    let more = false;
    const unfiltered = isEmptyFilter(filter);
    for (; i < keys.length && inRange(keys[i]!); i++) {
      const object = store.getByKey(info.resource, keys[i]!);
      if (!object || !matchesFilter(info.resource, filter, object)) continue;
      if (limit > 0 && items.length >= limit) {
        more = true;
        break;
      }
      items.push(object);
      lastKey = keys[i]!;
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(listRV) };
    if (more) {
      metadata.continue = encodeContinue(listRV, lastKey);
      if (unfiltered) {
        let end = i;
        if (prefix) end = lowerBound(keys, `${prefix.slice(0, -1)}0`);
        else end = keys.length;
        metadata.remainingItemCount = Math.max(0, end - i);
      }
    }
    if (wantsTable(request)) {
      const table = tableOf(
        info.resource,
        items,
        {
          resourceVersion: String(listRV),
          ...(more ? { continue: metadata.continue as string } : {}),
        },
        url,
      );
      if (table) return respond(200, table, info, [], TABLE_TYPE);
    }
    return respond(
      200,
      {
        kind: info.listKind,
        apiVersion: info.apiVersion,
        metadata,
        items: items.map(withoutTypeMeta),
      },
      info,
    );
  }

  // ------------------------------------------------------------------------------- watch

  async function watch(request: Request, url: URL, route: Route, filter: ObjectFilter) {
    const { info } = route;
    validateListOptions(url, true);
    const q = url.searchParams;
    const rvParam = q.get('resourceVersion') ?? '';
    const sendInitialEvents = parseBool(q.get('sendInitialEvents'));
    const allowBookmarks = parseBool(q.get('allowWatchBookmarks')) === true;
    const timeoutSeconds = parseIntParam('timeoutSeconds', q.get('timeoutSeconds'));
    let start: 'initial' | 'now' | number;
    if (sendInitialEvents === true) {
      if (rvParam && rvParam !== '0') await waitForFutureRV(parseResourceVersion(rvParam));
      start = 'initial';
    } else if (sendInitialEvents === false) {
      start = rvParam && rvParam !== '0' ? parseResourceVersion(rvParam) : 'now';
    } else if (!rvParam || rvParam === '0') {
      start = 'initial';
    } else {
      start = parseResourceVersion(rvParam);
    }
    if (typeof start === 'number') await waitForFutureRV(start);
    const table = wantsTable(request);
    const encodeObject = (_type: WatchEventType, object: KubeObject): unknown => {
      if (!table) return object;
      return (
        tableOf(
          info.resource,
          [object],
          { resourceVersion: object.metadata.resourceVersion ?? '' },
          url,
        ) ?? object
      );
    };
    let active: ActiveWatch | undefined = undefined;
    active = startWatch({
      store,
      resource: info.resource,
      namespace: info.namespaced ? route.namespace : undefined,
      filter,
      start,
      initialEventsEndBookmark: sendInitialEvents === true,
      allowBookmarks,
      bookmarkIntervalMs,
      timeoutMs:
        timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
      maxQueuedEvents: maxQueuedWatchEvents,
      slowGraceMs: options.slowWatcherGraceMs ?? 5000,
      encodeObject,
      signal: request.signal,
      onClose: () => {
        if (active) watches.delete(active);
      },
    });
    if (!active.isClosed()) watches.add(active);
    const stream = active.stream;
    const headers = new Headers({
      'Content-Type': table ? TABLE_TYPE : JSON_TYPE,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    for (const w of deprecationWarnings(info)) headers.append('Warning', w);
    return new Response(stream, { status: 200, headers });
  }

  // ------------------------------------------------------------------------------- writes

  function checkNamespaceAndName(route: Route, object: KubeObject, isUpdate: boolean) {
    const meta = object.metadata;
    if (route.info.namespaced) {
      if (meta.namespace === undefined || meta.namespace === '') meta.namespace = route.namespace;
      else if (meta.namespace !== route.namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
    } else if (meta.namespace) {
      // Cluster-scoped objects drop a namespace silently upstream.
      delete meta.namespace;
    }
    if (isUpdate && route.name !== undefined) {
      if (meta.name === undefined || meta.name === '') meta.name = route.name;
      else if (meta.name !== route.name) {
        throw badRequest(
          `the name of the object (${meta.name}) does not match the name on the URL (${route.name})`,
        );
      }
    }
  }

  async function create(request: Request, url: URL, route: Route, body: Uint8Array) {
    const { info } = route;
    const params = writeParams(url, 'CreateOptions');
    const object = decodeObject(info, body, mediaType(request));
    checkTypes(info, object, false);
    const warnings = checkUnknownFields(info.resource, object, params);
    checkNamespaceAndName(route, object, false);
    const created = store.create(info.resource, object, {
      dryRun: params.dryRun,
      fieldManager: params.fieldManager,
    });
    return respond(201, created, info, warnings);
  }

  function writeSub(
    route: Route,
    object: KubeObject,
    params: WriteParams,
  ): { result: KubeObject; created: boolean } {
    const { info } = route;
    const opts = { dryRun: params.dryRun, fieldManager: params.fieldManager };
    if (route.subresource === 'status') {
      return { result: store.updateStatus(info.resource, object, opts), created: false };
    }
    if (route.subresource === 'finalize') {
      return { result: store.finalizeNamespace(object, opts), created: false };
    }
    const existed = store.get(info.resource, route.namespace ?? '', route.name ?? '') !== undefined;
    return { result: store.update(info.resource, object, opts), created: !existed };
  }

  async function update(request: Request, url: URL, route: Route, body: Uint8Array) {
    const { info } = route;
    const params = writeParams(url, 'UpdateOptions');
    if (route.subresource === 'scale') return updateScale(request, url, route, body, params);
    const object = decodeObject(info, body, mediaType(request));
    checkTypes(info, object, false);
    const warnings = checkUnknownFields(info.resource, object, params);
    checkNamespaceAndName(route, object, true);
    const { result, created } = writeSub(route, object, params);
    return respond(created ? 201 : 200, result, info, warnings);
  }

  function existingOrThrow(route: Route): KubeObject {
    const existing = store.get(route.info.resource, route.namespace ?? '', route.name ?? '');
    if (!existing) throw notFound(route.info.resource, route.info.group, route.name ?? '');
    return existing;
  }

  function applyPatch(
    resource: ResourceName | 'scale',
    type: string,
    original: unknown,
    patchBody: Uint8Array,
  ): unknown {
    const text = new TextDecoder().decode(patchBody);
    let patch: unknown;
    try {
      patch = type === 'application/apply-patch+yaml' ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
      throw badRequest(`error decoding patch: ${(error as Error).message}`);
    }
    switch (type) {
      case 'application/json-patch+json':
        return applyJsonPatch(original, patch);
      case 'application/merge-patch+json':
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
          throw badRequest(
            'json: cannot unmarshal array into Go value of type map[string]interface {}',
          );
        }
        return applyMergePatch(original, patch);
      case 'application/strategic-merge-patch+json':
      case 'application/apply-patch+yaml':
        return applyStrategicMergePatch(resource, original, patch);
      default:
        throw unsupportedMediaType(PATCH_CONTENT_TYPES);
    }
  }

  async function patch(request: Request, url: URL, route: Route, body: Uint8Array) {
    const { info } = route;
    const params = writeParams(url, 'PatchOptions');
    const type = mediaType(request);
    if (!PATCH_CONTENT_TYPES.includes(type)) throw unsupportedMediaType(PATCH_CONTENT_TYPES);
    if (route.subresource === 'scale') {
      const existing = existingOrThrow(route);
      const scale = applyPatch('scale', type, scaleOf(existing), body) as KubeObject;
      return writeScale(route, existing, scale, params);
    }
    const existing = store.get(info.resource, route.namespace ?? '', route.name ?? '');
    if (!existing) {
      if (type === 'application/apply-patch+yaml' && !route.subresource) {
        // Server-side apply of a missing object creates it.
        const object = decodeApplied(info, body);
        checkTypes(info, object, true);
        const warnings = checkUnknownFields(info.resource, object, params);
        checkNamespaceAndName(route, object, true);
        const created = store.create(info.resource, object, {
          dryRun: params.dryRun,
          fieldManager: params.fieldManager,
        });
        return respond(201, created, info, warnings);
      }
      throw notFound(info.resource, info.group, route.name ?? '');
    }
    if (type === 'application/apply-patch+yaml') decodeApplied(info, body);
    const patched = applyPatch(info.resource, type, existing, body);
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
      throw badRequest('the patched object is not a JSON object');
    }
    const object = patched as KubeObject;
    checkTypes(info, object, true);
    const warnings = checkUnknownFields(info.resource, object, params);
    if (object.apiVersion !== info.apiVersion || object.kind !== info.kind) {
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${info.apiVersion})`,
      );
    }
    object.metadata ??= {};
    checkNamespaceAndName(route, object, true);
    const { result } = writeSub(route, object, params);
    return respond(200, result, info, warnings);
  }

  function decodeApplied(info: ResourceInfo, body: Uint8Array): KubeObject {
    const text = new TextDecoder().decode(body);
    let value: unknown;
    try {
      value = parseYaml(text);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw badRequest('error decoding YAML: the applied configuration is not an object');
    }
    const object = value as KubeObject;
    if (object.apiVersion !== info.apiVersion || object.kind !== info.kind) {
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${info.apiVersion})`,
      );
    }
    object.metadata ??= {};
    return object;
  }

  // ------------------------------------------------------------------------------- scale

  function scaleOf(object: KubeObject): KubeObject {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    const status = (object.status ?? {}) as Record<string, unknown>;
    const meta = object.metadata;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
        creationTimestamp: meta.creationTimestamp,
      },
      spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
      status: {
        replicas: typeof status.replicas === 'number' ? status.replicas : 0,
        selector: labelSelectorToString(spec.selector),
      },
    };
  }

  function writeScale(route: Route, existing: KubeObject, scale: KubeObject, params: WriteParams) {
    const { info } = route;
    const meta = scale.metadata ?? {};
    if (meta.name !== undefined && meta.name !== route.name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${route.name ?? ''})`,
      );
    }
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(info.resource, info.group, route.name ?? '', OBJECT_MODIFIED);
    }
    const replicas = (scale.spec as Record<string, unknown> | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid('Scale', 'autoscaling', route.name ?? '', [
        typeof replicas === 'number'
          ? fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0')
          : fieldInvalid('spec.replicas', replicas ?? null, 'must be an integer'),
      ]);
    }
    const next = structuredClone(existing) as KubeObject;
    (next.spec as Record<string, unknown>).replicas = replicas;
    const result = store.update(info.resource, next, {
      dryRun: params.dryRun,
      fieldManager: params.fieldManager,
    });
    return respond(200, scaleOf(result), info);
  }

  async function updateScale(
    request: Request,
    _url: URL,
    route: Route,
    body: Uint8Array,
    params: WriteParams,
  ) {
    const existing = existingOrThrow(route);
    const text = new TextDecoder().decode(body);
    let scale: unknown;
    try {
      scale = mediaType(request) === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type Scale): couldn't get version/kind; json parse error: ${(error as Error).message} (${summarize(text)})`,
      );
    }
    if (typeof scale !== 'object' || scale === null) {
      throw badRequest('the object provided is unrecognized (must be of type Scale)');
    }
    const s = scale as KubeObject;
    checkUnknownFields('scale', s, params);
    if (s.apiVersion !== undefined && s.apiVersion !== 'autoscaling/v1') {
      throw badRequest(
        `the API version in the data (${String(s.apiVersion)}) does not match the expected API version (autoscaling/v1)`,
      );
    }
    return writeScale(route, existing, s, params);
  }

  // ------------------------------------------------------------------------------- delete

  function deleteOptions(url: URL, body: Uint8Array): DeleteOptions {
    const causes: FieldCause[] = [];
    let fromBody: Record<string, unknown> = {};
    if (
      body.byteLength >= 4 &&
      body[0] === 0x6b &&
      body[1] === 0x38 &&
      body[2] === 0x73 &&
      body[3] === 0
    ) {
      // client-go's typed clients (kubectl drain) send DeleteOptions as protobuf.
      fromBody = decodeProtobufObject(body, 'DeleteOptions') as unknown as Record<string, unknown>;
    } else if (body.byteLength > 0) {
      const text = new TextDecoder().decode(body);
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          fromBody = parsed as Record<string, unknown>;
        } else throw new Error('not an object');
      } catch (error) {
        throw badRequest(
          `the object provided is unrecognized (must be of type DeleteOptions): couldn't get version/kind; json parse error: ${(error as Error).message} (${summarize(text)})`,
        );
      }
    }
    const q = url.searchParams;
    const dryRun = [
      ...q.getAll('dryRun'),
      ...(Array.isArray(fromBody.dryRun) ? (fromBody.dryRun as string[]) : []),
    ];
    if (dryRun.some((v) => v !== 'All')) causes.push(fieldNotSupported('dryRun', dryRun, ['All']));
    const grace =
      parseIntParam('gracePeriodSeconds', q.get('gracePeriodSeconds')) ??
      (typeof fromBody.gracePeriodSeconds === 'number' ? fromBody.gracePeriodSeconds : undefined);
    let policy = (q.get('propagationPolicy') ?? fromBody.propagationPolicy) as string | undefined;
    const orphan =
      parseBool(q.get('orphanDependents')) ?? (fromBody.orphanDependents as boolean | undefined);
    if (orphan !== undefined && policy !== undefined) {
      causes.push(
        fieldInvalid(
          'propagationPolicy',
          policy,
          'orphanDependents and deletionPropagation cannot be both set',
        ),
      );
    }
    if (orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
    if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
      causes.push(
        fieldNotSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan']),
      );
    }
    if (causes.length) throw optionsInvalid('DeleteOptions', causes);
    const pre = (fromBody.preconditions ?? {}) as { uid?: string; resourceVersion?: string };
    return {
      dryRun: dryRun.length > 0,
      gracePeriodSeconds: grace,
      propagationPolicy: policy as DeleteOptions['propagationPolicy'],
      preconditions: {
        uid: pre.uid ?? undefined,
        resourceVersion: pre.resourceVersion ?? undefined,
      },
    };
  }

  function deleteResponse(info: ResourceInfo, object: KubeObject, deleted: boolean) {
    if (!deleted || info.returnDeletedObject) return respond(200, object, info);
    const details: Record<string, unknown> = { name: object.metadata.name };
    if (info.group) details.group = info.group;
    details.kind = info.resource;
    details.uid = object.metadata.uid;
    return respond(
      200,
      { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details },
      info,
    );
  }

  async function remove(url: URL, route: Route, body: Uint8Array) {
    const { info } = route;
    const opts = deleteOptions(url, body);
    const { object, deleted } = store.deleteDetailed(
      info.resource,
      route.namespace ?? '',
      route.name ?? '',
      opts,
    );
    return deleteResponse(info, object, deleted);
  }

  async function deleteCollection(url: URL, route: Route, filter: ObjectFilter, body: Uint8Array) {
    const { info } = route;
    const opts = deleteOptions(url, body);
    const objects = (
      route.namespace !== undefined
        ? store.list(info.resource, route.namespace)
        : store.list(info.resource)
    ).filter((o) => matchesFilter(info.resource, filter, o));
    const items: Record<string, unknown>[] = [];
    for (const o of objects) {
      try {
        const { object } = store.deleteDetailed(
          info.resource,
          o.metadata.namespace ?? '',
          o.metadata.name ?? '',
          opts,
        );
        items.push(withoutTypeMeta(object));
      } catch (error) {
        if (!(isApiError(error) && error.code === 404)) throw error;
      }
    }
    return respond(
      200,
      {
        kind: info.listKind,
        apiVersion: info.apiVersion,
        metadata: { resourceVersion: store.currentResourceVersion() },
        items,
      },
      info,
    );
  }

  // ------------------------------------------------------------------------------- dispatch

  async function bind(url: URL, route: Route, body: Uint8Array) {
    const params = writeParams(url, 'CreateOptions');
    const text = new TextDecoder().decode(body);
    let binding: { metadata?: { name?: string }; target?: { name?: string; kind?: string } };
    try {
      binding = JSON.parse(text) as typeof binding;
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type Binding): couldn't get version/kind; json parse error: ${(error as Error).message} (${summarize(text)})`,
      );
    }
    const target = binding?.target?.name;
    if (!target) {
      throw invalid('Binding', '', binding?.metadata?.name ?? route.name ?? '', [
        { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
      ]);
    }
    store.bindPod(route.namespace ?? '', route.name ?? '', target, { dryRun: params.dryRun });
    return respond(
      201,
      { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
      route.info,
    );
  }

  async function serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const body = hasBody ? await readBody(request) : new Uint8Array(0);

    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const metaRequest = hasBody
      ? new Request(request.url, {
          method,
          headers: request.headers,
          body: body as Uint8Array<ArrayBuffer>,
          signal: request.signal,
        })
      : request;
    // `auth` lets SelfSubjectAccessReview report the same decisions the router enforces.
    const metaContext = {
      minorVersion: options.minorVersion,
      serverAddress: options.serverAddress(),
      token,
      auth: options.authConfig,
      openAPIV2: options.openAPIV2 ?? false,
    };
    const meta = await handleMeta(metaRequest, metaContext);
    if (meta) {
      if (!meta.headers.has('content-type')) {
        const headers = new Headers(meta.headers);
        headers.set('Content-Type', JSON_TYPE);
        return new Response(meta.body, { status: meta.status, headers });
      }
      return meta;
    }

    const route = parseRoute(url.pathname);
    if (!route) throw pathNotFound();
    const { info } = route;
    const sub = route.subresource;
    if (sub !== undefined) {
      if (!info.subresources.some((s) => s.name === sub)) throw pathNotFound();
    }
    const isWatch = route.watchPrefix || parseBool(url.searchParams.get('watch')) === true;

    let verb: string;
    if (route.name === undefined) {
      if (method === 'GET') verb = isWatch ? 'watch' : 'list';
      else if (method === 'POST' && (!info.namespaced || route.namespace !== undefined))
        verb = 'create';
      else if (method === 'DELETE' && (!info.namespaced || route.namespace !== undefined)) {
        verb = 'deletecollection';
      } else throw methodNotAllowed();
      if (info.resource === 'namespaces' && verb === 'deletecollection') throw methodNotAllowed();
    } else if (sub === undefined) {
      if (method === 'GET') verb = isWatch ? 'watch' : 'get';
      else if (method === 'PUT') verb = 'update';
      else if (method === 'PATCH') verb = 'patch';
      else if (method === 'DELETE') verb = 'delete';
      else throw methodNotAllowed();
    } else if (sub === 'finalize') {
      if (method !== 'PUT') throw methodNotAllowed();
      verb = 'update';
    } else if (sub === 'binding') {
      if (method !== 'POST') throw methodNotAllowed();
      verb = 'create';
    } else {
      if (method === 'GET') verb = 'get';
      else if (method === 'PUT') verb = 'update';
      else if (method === 'PATCH') verb = 'patch';
      else throw methodNotAllowed();
    }
    authorizeRequest(request, route, verb);

    switch (verb) {
      case 'list':
      case 'watch':
      case 'deletecollection': {
        let fieldSelector = url.searchParams.get('fieldSelector');
        if (route.name !== undefined) {
          const byName = `metadata.name=${route.name.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=')}`;
          fieldSelector = fieldSelector ? `${fieldSelector},${byName}` : byName;
        }
        const filter = parseFilter(
          info.resource,
          url.searchParams.get('labelSelector'),
          fieldSelector,
        );
        if (verb === 'list') return list(request, url, route, filter);
        if (verb === 'watch') return watch(request, url, route, filter);
        return deleteCollection(url, route, filter, body);
      }
      case 'get': {
        const object = existingOrThrow(route);
        if (sub === 'scale') return respond(200, scaleOf(object), info);
        if (wantsTable(request)) {
          const table = tableOf(
            info.resource,
            [object],
            { resourceVersion: object.metadata.resourceVersion ?? '' },
            url,
          );
          if (table) return respond(200, table, info, [], TABLE_TYPE);
        }
        return respond(200, object, info);
      }
      case 'create':
        if (sub === 'binding') return bind(url, route, body);
        return create(request, url, route, body);
      case 'update':
        return update(request, url, route, body);
      case 'patch':
        return patch(request, url, route, body);
      case 'delete':
        return remove(url, route, body);
      default:
        throw methodNotAllowed();
    }
  }

  return {
    async fetch(request) {
      try {
        return await serve(request);
      } catch (error) {
        return errorResponse(error);
      }
    },
    closeWatches() {
      for (const w of [...watches]) w.close();
      watches.clear();
    },
    activeWatchCount: () => watches.size,
  };
}
