import 'server-only';
/**
 * Undoing a half-finished create: only what this request created, newest first, by uid
 * precondition so that an object someone else created meanwhile under the same name is never
 * touched.
 *
 * Contract: every delete is retried (a transient failure must not strand an object); 404 (gone
 * already) and 409 (the uid differs: someone else's object now) count as done. `findOurs` tells
 * whether an object whose create answer was lost is ours, by the request id annotation.
 */
import type { ObjectRefJson } from '@/lib/api/write-results';
import { REQUEST_ID_ANNOTATION, type Manifest } from '@/lib/topology/validation';
import { itemPath } from '../kinds';
import { ok, type KubeSend } from './client';

const ATTEMPTS = 3;

/** The uid of the object `manifest` names, if it exists and carries this request's id. */
export async function findOurs(send: KubeSend, manifest: Manifest): Promise<string | undefined> {
  const id = manifest.metadata.annotations?.[REQUEST_ID_ANNOTATION];
  if (!id) return undefined;
  const path = itemPath(manifest.kind, manifest.metadata.namespace, manifest.metadata.name);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const response = await send({ method: 'GET', path });
      if (response.status === 404) return undefined;
      const meta = (
        response.body as { metadata?: { uid?: string; annotations?: Record<string, string> } }
      )?.metadata;
      if (ok(response)) {
        return meta?.annotations?.[REQUEST_ID_ANNOTATION] === id ? meta.uid : undefined;
      }
    } catch {
      // try again
    }
  }
  return undefined;
}

async function deleteOwned(send: KubeSend, object: ObjectRefJson): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const response = await send({
        method: 'DELETE',
        path: itemPath(object.kind, object.namespace, object.name),
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: 'Background',
          preconditions: { uid: object.uid },
        },
      });
      if (ok(response) || response.status === 404 || response.status === 409) return true;
    } catch {
      // try again
    }
  }
  return false;
}

/** Deletes, newest first, what this request created; only objects whose uid is still ours. */
export async function rollback(
  send: KubeSend,
  created: readonly ObjectRefJson[],
): Promise<{ rolledBack: ObjectRefJson[]; leftBehind: ObjectRefJson[] }> {
  const rolledBack: ObjectRefJson[] = [];
  const leftBehind: ObjectRefJson[] = [];
  for (const object of [...created].reverse()) {
    if (await deleteOwned(send, object)) rolledBack.push(object);
    else leftBehind.push(object);
  }
  return { rolledBack, leftBehind };
}
