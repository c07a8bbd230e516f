/**
 * Test support: `kubectl kustomize` of one of deploy/overlays with real kubectl (isolated HOME and
 * cache), parsed into objects, and the RBAC rules bound to the dashboard's ServiceAccount.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const KUBECTL = '/usr/bin/kubectl';
export const DEPLOY_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const SIGN_IN_OVERLAYS = ['sign-in-oidc', 'sign-in-proxy', 'sign-in-token'] as const;
export const OVERLAYS = [
  'read-only',
  'writer',
  'writer-cluster-wide',
  ...SIGN_IN_OVERLAYS,
] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const SA = { kind: 'ServiceAccount', name: 'switchboard', namespace: 'switchboard' };

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export function overlayDir(overlay: Overlay): string {
  return join(DEPLOY_DIR, 'overlays', overlay);
}

/** `kubectl kustomize` of a directory, with an isolated HOME and cache. */
async function kustomize(dir: string, what: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kustomize-'));
  try {
    return await new Promise<string>((done, fail) => {
      execFile(
        KUBECTL,
        ['kustomize', dir, '--cache-dir', join(home, 'cache')],
        { env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'none') }, timeout: 30_000 },
        (err, stdout, stderr) =>
          err ? fail(new Error(`kubectl kustomize ${what}: ${stderr || err}`)) : done(stdout),
      );
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The rendered YAML text of an overlay. */
export function renderText(overlay: Overlay): Promise<string> {
  return kustomize(overlayDir(overlay), overlay);
}

export async function render(overlay: Overlay): Promise<Manifest[]> {
  return parseAllDocuments(await renderText(overlay)).map((d) => d.toJS() as Manifest);
}

/**
 * An overlay with some of deploy/components added, as an operator adds them to its
 * `components:`. Kustomize takes only relative paths, so the temporary kustomization names the
 * overlay and components relative to itself.
 */
export async function renderWith(overlay: Overlay, components: string[]): Promise<Manifest[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kustomization-'));
  try {
    const rel = (path: string) => relative(dir, path);
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `resources: [${JSON.stringify(rel(overlayDir(overlay)))}]`,
      `components: [${components.map((c) => JSON.stringify(rel(join(DEPLOY_DIR, 'components', c)))).join(', ')}]`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'kustomization.yaml'), text);
    const yaml = await kustomize(dir, `${overlay} + ${components.join(', ')}`);
    return parseAllDocuments(yaml).map((d) => d.toJS() as Manifest);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Binding extends Manifest {
  roleRef: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

/** Each rule the ServiceAccount holds, with where its binding applies ('' = cluster-wide). */
export function boundRules(objects: Manifest[]): { scope: string; role: string; rule: Rule }[] {
  const roles = new Map(
    objects
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')
      .map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]),
  );
  const out: { scope: string; role: string; rule: Rule }[] = [];
  for (const b of objects as Binding[]) {
    if (b.kind !== 'ClusterRoleBinding' && b.kind !== 'RoleBinding') continue;
    const forSa = (b.subjects ?? []).some(
      (s) => s.kind === SA.kind && s.name === SA.name && s.namespace === SA.namespace,
    );
    if (!forSa) continue;
    const ns = b.roleRef.kind === 'Role' ? (b.metadata.namespace ?? '') : '';
    const role = roles.get(`${b.roleRef.kind}/${ns}/${b.roleRef.name}`);
    if (!role) throw new Error(`${b.kind} ${b.metadata.name} binds a role the overlay lacks`);
    const scope = b.kind === 'RoleBinding' ? (b.metadata.namespace ?? '') : '';
    for (const rule of (role.rules as Rule[] | undefined) ?? []) {
      out.push({ scope, role: b.roleRef.name, rule });
    }
  }
  return out;
}
