/**
 * Which served resource a resource request addresses, and whether the emulator serves the verb
 * there, from the request's RequestInfo: a path that names no stored resource, a cluster-scoped
 * resource under a namespace, a namespaced one by name without a namespace, an unknown
 * subresource or a verb-in-path other than `/watch/` is a 404; a method the resource, scope or
 * subresource does not take is a 405 (as kube-apiserver, which registers no route for them).
 */
import { methodNotAllowed, pathNotFound } from '../../core/errors';
import { resourcesOf } from '../../core/resources';
import type { RequestInfo } from '../request-info';
import type { Route } from './context';

/** The pods subresources that upgrade to a stream from the kubelet (rest/pod-connect.ts). */
export const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(['attach', 'exec', 'portforward']);

export function resolveRoute(info: RequestInfo): Route {
  // An empty segment (`//`) names nothing; one trailing slash is tolerated.
  const path = info.path.endsWith('/') ? info.path.slice(0, -1) : info.path;
  if (path.split('/').slice(1).includes('')) throw pathNotFound();
  if (info.error || (info.verbViaPathPrefix && info.verb !== 'watch')) throw pathNotFound();
  const resource = resourcesOf(info.apiGroup, info.apiVersion).get(info.resource);
  const [, name, subresource, ...rest] = info.parts;
  if (!resource || rest.length > 0) throw pathNotFound();
  const route: Route = { info: resource };
  if (resource.resource === 'namespaces') {
    // `/namespaces/{ns}` is the Namespace itself; nothing lives inside a namespace's namespace.
    if (info.namespace !== '' && info.namespace !== name) throw pathNotFound();
  } else if (info.namespace !== '') {
    if (!resource.namespaced) throw pathNotFound();
    route.namespace = info.namespace;
  } else if (resource.namespaced && name !== undefined) {
    throw pathNotFound();
  }
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) {
    if (!resource.subresources.some((s) => s.name === subresource)) throw pathNotFound();
    route.subresource = subresource;
  }
  return route;
}

/** The REST verb to serve: RequestInfo's, where the emulator has a handler for it. */
export function restVerb(route: Route, info: RequestInfo, method: string): string {
  const { verb } = info;
  // The deprecated `/watch/` paths are registered for GET only.
  if (info.verbViaPathPrefix && method !== 'GET') throw methodNotAllowed();
  const whole = !route.info.namespaced || route.namespace !== undefined;
  const allowed = (verbs: string[]) => verbs.includes(verb) && method !== 'HEAD';
  let ok: boolean;
  if (route.name === undefined) {
    ok =
      allowed(['list', 'watch']) ||
      (whole && verb === 'create') ||
      (whole && verb === 'deletecollection' && route.info.resource !== 'namespaces');
  } else if (route.subresource === undefined) {
    ok = allowed(['get', 'watch', 'update', 'patch', 'delete']);
  } else if (route.subresource === 'finalize') {
    ok = verb === 'update';
  } else if (route.subresource === 'binding' || route.subresource === 'eviction') {
    ok = verb === 'create';
  } else if (route.subresource === 'log') {
    ok = allowed(['get']);
  } else if (CONNECT_SUBRESOURCES.has(route.subresource)) {
    // Connect handlers take GET and POST (`get` / `create` to RBAC).
    ok = allowed(['get', 'create']);
  } else if (route.subresource === 'token') {
    // TokenRequest is answered before the REST handlers, where the cluster signs tokens.
    ok = false;
  } else {
    ok = allowed(['get', 'update', 'patch']);
  }
  if (!ok) throw methodNotAllowed();
  return verb;
}
