/**
 * A one-cluster kubeconfig file for tests that point a command at a server of their own (a fake
 * API server, a port nobody answers on). Test-only.
 *
 * Contract: `writeKubeconfig(file, server, token?)` writes a kubeconfig whose current context
 * reaches `server` with `token` (none when omitted), TLS not verified, and returns `file`.
 */
import { writeFileSync } from 'node:fs';

export function writeKubeconfig(file: string, server: string, token?: string): string {
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: ${token === undefined ? '{}' : `{ token: ${token} }`} }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`,
  );
  return file;
}
