/**
 * Where a pod's ServiceAccount credentials (`token`, `ca.crt`, `namespace`) are mounted: the
 * standard path, or SWITCHBOARD_SERVICEACCOUNT_DIR when they are projected elsewhere.
 *
 * Contract: one decision for the kubeconfig loader (lib/k8s/kubeconfig.ts) and the allowed-host
 * names (lib/http/exposure.ts); free of dependencies, because Next's proxy imports the latter.
 */
export const SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function serviceAccountDir(env: Record<string, string | undefined> = process.env): string {
  return env.SWITCHBOARD_SERVICEACCOUNT_DIR || SERVICEACCOUNT_DIR;
}
