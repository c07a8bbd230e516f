import 'server-only';
/**
 * The edit form's Preview: the writes a Save would make (lib/k8s/write/edit-plan.ts), each sent
 * to the API server as a dry run (`dryRun=All`) with the resourceVersion the user was shown, and
 * what they change in words — addresses added, removed and kept — plus the objects as YAML.
 *
 * Contract: nothing is stored. A dry run refused with 409 is the same conflict a Save would meet
 * (someone changed the objects meanwhile); any other refusal is `failed` with the API server's
 * message. The preview holds no token: Save re-checks everything and carries the versions. The
 * YAML leaves out what the API server keeps for itself (managedFields, versions, uid, times),
 * as the create preview does; Save still sends the versions it was shown.
 */
import type { WriteKind, WriteResult } from '@/lib/api/write-results';
import { collectionPath, itemPath } from '../kinds';
import { FIELD_MANAGER, ok, statusOf, type KubeSend } from './client';
import { failed, kubernetesStatusOf } from './cluster-answers';
import { key, type Current, type Obj } from './edit-current';
import type { Planned } from './edit-plan';
import { readableYaml } from './preview-text';

interface Wanted {
  addresses: string[];
  versions: Record<string, string>;
  focus: string;
}

const DRY_RUN = `dryRun=All&fieldManager=${FIELD_MANAGER}`;

export async function dryRunEdit(
  send: KubeSend,
  current: Current,
  objects: Planned,
  wanted: Wanted,
): Promise<WriteResult> {
  const namespace = current.service.metadata.namespace;
  const writes: Extract<WriteResult, { status: 'edit-preview' }>['writes'] = [];
  const sends: { verb: 'update' | 'create'; object: Obj }[] = [
    ...objects.updates.map((object) => ({ verb: 'update' as const, object })),
    ...objects.creates.map((object) => ({ verb: 'create' as const, object })),
  ];
  for (const { verb, object } of sends) {
    const response =
      verb === 'update'
        ? await send({
            method: 'PUT',
            path: `${itemPath(object.kind, namespace, object.metadata.name)}?${DRY_RUN}`,
            body: {
              ...object,
              metadata: { ...object.metadata, resourceVersion: wanted.versions[key(object)] },
            },
          })
        : await send({
            method: 'POST',
            path: `${collectionPath(object.kind, namespace)}?${DRY_RUN}`,
            body: object,
          });
    if (!ok(response)) {
      const message = `${verb === 'update' ? 'Updating' : 'Creating'} ${key(object)} would fail: ${statusOf(response).message}.`;
      if (response.status === 409) {
        return {
          status: 'conflict',
          message: `${message} Someone changed it since you opened this form; reload to see the current addresses.`,
          focus: wanted.focus,
          ...kubernetesStatusOf(response),
        };
      }
      return failed(message, kubernetesStatusOf(response));
    }
    writes.push({
      verb,
      kind: object.kind as WriteKind,
      name: object.metadata.name,
      message: 'accepted by the API server (dry run)',
    });
  }
  const before = new Set(current.addresses);
  const after = new Set(wanted.addresses);
  return {
    status: 'edit-preview',
    focus: wanted.focus,
    added: wanted.addresses.filter((a) => !before.has(a)),
    removed: current.addresses.filter((a) => !after.has(a)),
    kept: wanted.addresses.filter((a) => before.has(a)),
    writes,
    yaml: readableYaml(sends.map((s) => s.object)),
  };
}
