import 'server-only';
/**
 * What a preview shows and what ties a create to it: the objects as YAML, the equivalent
 * kubectl commands, the hash create must send back, and the request id recorded on the objects.
 *
 * Contract: `hashManifests` is the sha256 of the canonical JSON of the objects (key order does
 * not matter), so create can refuse anything but exactly what was previewed. `readableYaml`
 * shows objects read from the cluster as a person reads them: without the fields the API server
 * keeps for itself, none of which the create preview shows either.
 */
import { createHash, randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { canonicalJson, SERVICE_UID_PENDING, type Manifest } from '@/lib/topology/validation';

export function hashManifests(manifests: readonly Manifest[]): string {
  return createHash('sha256').update(canonicalJson(manifests)).digest('hex');
}

export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}

/** Server bookkeeping in metadata: who wrote which field, versions, the uid, when. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
] as const;

export function readableYaml(objects: readonly Manifest[]): string {
  return manifestsYaml(
    objects.map((o) => {
      const metadata: Record<string, unknown> = { ...o.metadata };
      for (const field of SERVER_METADATA) delete metadata[field];
      return { ...o, metadata: metadata as Manifest['metadata'] };
    }),
  );
}

/** `command` reading `manifests` on its standard input (the here-document follows the line). */
const withHeredoc = (command: string, manifests: readonly Manifest[]) =>
  `${command}\n${manifestsYaml(manifests)}EOF`;
const APPLY = `kubectl apply -f - <<'EOF'`;

/**
 * The same create with kubectl. Objects owned by the Service need its uid, which exists only
 * once it is created: the Service is applied first, its uid read back and put in their place.
 */
export function kubectlCommand(manifests: readonly Manifest[]): string {
  const [service, ...owned] = manifests;
  if (!service || owned.length === 0) return withHeredoc(APPLY, manifests);
  const { name, namespace } = service.metadata;
  return [
    withHeredoc(APPLY, [service]),
    `SERVICE_UID=$(kubectl get service ${name} -n ${namespace} -o jsonpath='{.metadata.uid}')`,
    withHeredoc(`sed "s/${SERVICE_UID_PENDING}/$SERVICE_UID/" <<'EOF' | kubectl apply -f -`, owned),
  ].join('\n');
}

export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}
