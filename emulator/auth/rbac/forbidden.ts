/**
 * The 403 an apiserver answers when authorization does not allow a request (Forbidden and
 * forbiddenMessage of staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go,
 * wrapped in apierrors.NewForbidden):
 *
 *   pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"
 *   nodes "n1" is forbidden: User "alice" cannot get resource "nodes" in API group "" at the cluster scope
 *   forbidden: User "alice" cannot get path "/metrics"
 *
 * An authorizer's non-empty reason follows after `: `. `&`, `<` and `>` in the message (not the
 * reason) are HTML-escaped, as upstream's sanitizer does, so an error body never looks like markup.
 */
import { ApiError, forbidden } from '../../core/errors';
import type { RequestAttributes } from '../types';
import { goQuote } from './go-format';

const SANITIZE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function sanitize(text: string): string {
  return text.replace(/[&<>]/g, (c) => SANITIZE[c] ?? c);
}

export function forbiddenMessage(attributes: RequestAttributes): string {
  const username = goQuote(attributes.user.username);
  if (!attributes.isResourceRequest) {
    return `User ${username} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  }
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const what = `User ${username} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  if (attributes.namespace) return `${what} in the namespace ${goQuote(attributes.namespace)}`;
  return `${what} at the cluster scope`;
}

/** The whole Status error for a request the authorizers did not allow. */
export function forbiddenError(attributes: RequestAttributes, reason: string): ApiError {
  const message = sanitize(forbiddenMessage(attributes));
  const why = reason ? `${message}: ${reason}` : message;
  if (!attributes.resource && !attributes.apiGroup) {
    // NewForbidden with an empty GroupResource: no resource prefix and empty details.
    return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  }
  return forbidden(attributes.resource, attributes.apiGroup, attributes.name, why);
}
