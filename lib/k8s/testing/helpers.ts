/**
 * Shared helpers for the dashboard server's tests: kubeconfigs for loopback servers, polling,
 * and the convergence check (cache == a fresh LIST, by uid and resourceVersion).
 * Test support only.
 */
import { KubeConfig } from '@kubernetes/client-node';

/** Trusts `caCertificate` (PEM) when given; else skip-verify (plain-HTTP fakes need it). */
export function kubeConfigFor(server: string, token?: string, caCertificate?: string): KubeConfig {
  const kc = new KubeConfig();
  const trust = caCertificate
    ? { caData: Buffer.from(caCertificate).toString('base64') }
    : { skipTLSVerify: true };
  kc.loadFromOptions({
    clusters: [{ name: 'test', server, ...trust }],
    users: [{ name: 'test', ...(token ? { token } : {}) }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
    currentContext: 'test',
  });
  return kc;
}

export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** uid → resourceVersion, for comparing a cache with a fresh list. */
export function versions(
  items: {
    metadata?: { uid?: string; resourceVersion?: string };
    meta?: { uid: string; resourceVersion: string };
  }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of items) {
    const uid = i.meta?.uid ?? i.metadata?.uid;
    const rv = i.meta?.resourceVersion ?? i.metadata?.resourceVersion;
    if (uid) out.set(uid, rv ?? '');
  }
  return out;
}

export function sameVersions(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
