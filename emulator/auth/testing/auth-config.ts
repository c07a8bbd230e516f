/**
 * Test support: an `--auth` configuration with a user denied writes to endpoints/endpointslices
 * everywhere and a user denied everything in namespace `shop`, and a helper to build the
 * attributes of a resource request. Used only by tests.
 */
import type { AuthConfig } from '../auth-file';
import type { RequestAttributes, UserInfo } from '../types';

export const AUTH: AuthConfig = {
  users: [
    {
      name: 'restricted',
      token: 't0k3n',
      deny: [
        {
          verbs: ['create', 'update'],
          resources: ['endpointslices', 'endpoints'],
          namespaces: ['*'],
        },
      ],
    },
    {
      name: 'shop-viewer',
      token: 'view',
      deny: [{ verbs: ['*'], resources: ['*'], namespaces: ['shop'] }],
    },
  ],
};

export function resourceAttributes(
  user: UserInfo,
  attrs: {
    verb: string;
    group?: string;
    resource: string;
    subresource?: string;
    namespace?: string;
    name?: string;
  },
): RequestAttributes {
  return {
    user,
    verb: attrs.verb,
    isResourceRequest: true,
    path: '',
    apiGroup: attrs.group ?? '',
    apiVersion: 'v1',
    resource: attrs.resource,
    subresource: attrs.subresource ?? '',
    namespace: attrs.namespace ?? '',
    name: attrs.name ?? '',
  };
}
