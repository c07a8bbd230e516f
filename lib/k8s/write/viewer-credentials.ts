import 'server-only';
/**
 * Whose credentials a write is sent with — the one decision for every write and for every read a
 * write needs (existence and conflict checks, the SelfSubjectAccessReview behind the form's
 * permission notices), so the cluster's own RBAC decides for the person, not for the dashboard.
 *
 * Contract, by the viewer's mode (lib/auth/viewer.ts):
 * - `none`: the dashboard's kubeconfig as it is (token, exec plugin, client certificate, CA);
 * - `oidc` / `proxy`: the dashboard's kubeconfig plus `Impersonate-User: <username>` and one
 *   `Impersonate-Group` header line per group (an array header value is sent by node's http
 *   module as repeated lines; upstream's WithImpersonation reads every line,
 *   k8s.io/apiserver `pkg/endpoints/filters/impersonation.go`). No groups → no group header,
 *   and the apiserver adds `system:authenticated` itself;
 * - `token`: the person's bearer token with the cluster's address and trust (CA, TLS server name,
 *   skip-verify, proxy) from the kubeconfig and NOTHING of the dashboard's user: no client
 *   certificate (the apiserver would authenticate the connection as the dashboard and never look
 *   at the token), no exec plugin, no kubeconfig impersonation.
 * A credential never appears in what this module returns other than inside the request options.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { Viewer } from '@/lib/auth/viewer';
import { createKubeClient, type KubeSend } from './client';

export interface ViewerCredentials {
  /** Whose kubeconfig authenticates the connection. */
  kubeConfig: KubeConfig;
  /** Headers set after the kubeconfig's own (they win over a kubeconfig `as:`). */
  headers: Record<string, string | string[]>;
}

export function credentialsFor(dashboard: KubeConfig, viewer: Viewer): ViewerCredentials {
  switch (viewer.mode) {
    case 'none':
      return { kubeConfig: dashboard, headers: {} };
    case 'oidc':
    case 'proxy': {
      const { username, groups } = viewer.user;
      return {
        kubeConfig: dashboard,
        headers: {
          'Impersonate-User': username,
          ...(groups.length ? { 'Impersonate-Group': [...groups] } : {}),
        },
      };
    }
    case 'token':
      return { kubeConfig: tokenOnly(dashboard, viewer.token), headers: {} };
  }
}

/** The kubeconfig's current cluster, with a user that is nothing but `token`. */
function tokenOnly(dashboard: KubeConfig, token: string): KubeConfig {
  const cluster = dashboard.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'switchboard-viewer', token }],
    contexts: [{ name: 'switchboard-viewer', cluster: cluster.name, user: 'switchboard-viewer' }],
    currentContext: 'switchboard-viewer',
  });
  return kc;
}

/** A write client that acts as `viewer` against the dashboard's cluster. */
export function kubeSendFor(dashboard: KubeConfig, viewer: Viewer): KubeSend {
  const { kubeConfig, headers } = credentialsFor(dashboard, viewer);
  return createKubeClient(kubeConfig, headers);
}
