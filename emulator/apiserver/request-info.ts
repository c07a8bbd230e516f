/**
 * What a request asks for, read from its method and URL alone: a port of k8s.io/apiserver's
 * pkg/endpoints/request/requestinfo.go (RequestInfoFactory.NewRequestInfo), the first layer of
 * kube-apiserver's handler chain. Authorization, audit and the REST handlers all read this one
 * answer: resource vs non-resource request, the API verb (get/list/watch/create/update/patch/
 * delete/deletecollection, or the lower-case HTTP method for non-resource paths), the API
 * prefix, group, version, namespace, resource, subresource and name.
 *
 * Upstream's rules, kept exactly:
 * - `/api/{version}/…` (groupless) and `/apis/{group}/{version}/…` are resource requests when a
 *   resource follows; everything else (`/version`, `/apis`, `/api/v1`, `/openapi/v3`) is not.
 * - `/watch/` and `/proxy/` after the version name the verb (the deprecated verb-in-path forms).
 * - `/namespaces/{ns}/{resource}/…` is namespaced; `/namespaces/{ns}` and its `status` and
 *   `finalize` subresources are the Namespace object `{ns}` itself, in namespace `{ns}`.
 * - A GET without a name is `list`, or `watch` when `?watch=` is anything but `false`/`0`; with
 *   `fieldSelector=metadata.name=X` the name is X. A DELETE without a name is `deletecollection`.
 * - list, watch and deletecollection (not via the `/watch/` prefix) carry their selectors.
 *
 * One deliberate addition: a GET of a named object with `?watch=true` is `watch` (upstream says
 * `get`), because the emulator serves that request as a single-object watch and must authorize it
 * as one.
 */
import { badRequest } from '../core/errors';
import { parseFieldSelector } from '../core/field-selectors';

export interface RequestInfo {
  isResourceRequest: boolean;
  /** The URL path as sent (not decoded). */
  path: string;
  verb: string;
  /** `api` or `apis`; empty for non-resource requests. */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The path segments from the resource on: resource/name/subresource/… */
  parts: string[];
  /** True when the verb came from a `/watch/` or `/proxy/` path segment. */
  verbViaPathPrefix: boolean;
  /** The first fieldSelector/labelSelector of list, watch and deletecollection requests. */
  fieldSelector: string;
  labelSelector: string;
  /** Set when the path is a resource request that cannot be read (`/api/v1/watch`). */
  error?: string;
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_API_PREFIXES = new Set(['api']);
/** Verbs written as a path segment; `proxy` takes no subresource. */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
/** Subresources of a namespace, as opposed to resources inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const VERBS_WITH_SELECTORS = new Set(['list', 'watch', 'deletecollection']);

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Go's URL.Path is already unescaped; a malformed escape is the client's error. */
function unescape(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid path segment ${JSON.stringify(segment)}`);
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** apimachinery's Convert_Slice_string_To_bool: anything but `0`/`false` is true. */
function watchRequested(query: URLSearchParams): boolean {
  const value = query.get('watch');
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'false');
}

/** path.IsValidPathSegmentName: a name that can stand in a URL path segment. */
function isValidPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** fields.Selector.RequiresExactMatch("metadata.name"), or '' when the selector is invalid. */
function exactName(fieldSelector: string | null): string {
  if (!fieldSelector) return '';
  try {
    const term = parseFieldSelector(fieldSelector).find(
      (r) => r.field === 'metadata.name' && (r.operator === '=' || r.operator === '=='),
    );
    return term && isValidPathSegmentName(term.value) ? term.value : '';
  } catch {
    // Upstream falls back to empty ListOptions when they do not decode.
    return '';
  }
}

export function resolveRequestInfo(method: string, url: URL): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path: url.pathname,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    verbViaPathPrefix: false,
    fieldSelector: '',
    labelSelector: '',
  };
  let parts = splitPath(url.pathname);
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return info;
  const apiPrefix = parts[0]!;
  parts = parts.slice(1);
  let apiGroup = '';
  if (!GROUPLESS_API_PREFIXES.has(apiPrefix)) {
    // Prefix, group, version and a resource: four parts at least.
    if (parts.length < 3) return info;
    apiGroup = unescape(parts[0]!);
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiPrefix = apiPrefix;
  info.apiGroup = apiGroup;
  info.apiVersion = unescape(parts[0]!);
  parts = parts.slice(1).map(unescape);

  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) {
      info.verb = parts[0]!;
      info.error = `unable to determine kind and namespace from url, ${url.pathname}`;
      return info;
    }
    info.verb = parts[0]!;
    info.verbViaPathPrefix = true;
    parts = parts.slice(1);
  } else {
    info.verb = METHOD_VERBS[method.toUpperCase()] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      // A further segment that is not a namespace subresource is a resource in the namespace.
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) {
    info.subresource = parts[2]!;
  }
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;

  const query = url.searchParams;
  if (info.verb === 'get') {
    if (info.name === '') {
      info.verb = watchRequested(query) ? 'watch' : 'list';
      info.name = exactName(query.get('fieldSelector'));
    } else if (watchRequested(query) && info.subresource === '') {
      info.verb = 'watch';
    }
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';

  // Selector authorization does not apply to the deprecated verb-in-path forms.
  if (!info.verbViaPathPrefix && VERBS_WITH_SELECTORS.has(info.verb)) {
    info.fieldSelector = query.get('fieldSelector') ?? '';
    info.labelSelector = query.get('labelSelector') ?? '';
  }
  return info;
}
