import 'server-only';
/**
 * What a preview shows and what ties a create to it: the objects as YAML, the equivalent
 * `kubectl apply` command, the hash create must send back, and the request id recorded on the
 * objects.
 *
 * Contract: `hashManifests` is the sha256 of the canonical JSON of the objects (key order does
 * not matter), so create can refuse anything but exactly what was previewed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { canonicalJson, type Manifest } from '@/lib/topology/validation';

export function hashManifests(manifests: readonly Manifest[]): string {
  return createHash('sha256').update(canonicalJson(manifests)).digest('hex');
}

export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}

export function kubectlCommand(yaml: string): string {
  return `kubectl apply -f - <<'EOF'\n${yaml}EOF`;
}

export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}
