import 'server-only';
/**
 * Writing a planned in-place edit (lib/k8s/write/edit-plan.ts) with optimistic concurrency:
 * every PUT carries the resourceVersion the user was shown, so a change made meanwhile by anyone
 * else is a conflict — never a silent overwrite.
 *
 * Contract: updates first, then creates. When a write fails, what this edit already did is put
 * back — created objects deleted by uid, updated ones restored with the versions our writes
 * produced, so a third party's change in between is again a conflict, not overwritten — and the
 * outcome says what could not be put back.
 */
import type { ObjectRefJson, WriteKind, WriteResult } from '@/lib/api/write-results';
import { collectionPath, itemPath } from '../kinds';
import { FIELD_MANAGER, ok, statusOf, type KubeResponse, type KubeSend } from './client';
import { failed, kubernetesStatusOf } from './cluster-answers';
import { key, rec, type Current, type Obj } from './edit-current';

interface Applied {
  done: { before: Obj; after: Obj }[];
  made: ObjectRefJson[];
}

const networkFailure = (error: Error): KubeResponse => ({
  status: 0,
  body: { message: error.message },
});

/** Puts back what an edit did, newest first; returns what could not be restored. */
async function undo(send: KubeSend, namespace: string, applied: Applied): Promise<string[]> {
  for (const m of [...applied.made].reverse()) {
    await send({
      method: 'DELETE',
      path: itemPath(m.kind, namespace, m.name),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: m.uid } },
    }).catch(() => undefined);
  }
  const notRestored: string[] = [];
  for (const { before, after } of [...applied.done].reverse()) {
    const restore = {
      ...before,
      metadata: { ...before.metadata, resourceVersion: after.metadata.resourceVersion },
    };
    const res = await send({
      method: 'PUT',
      path: `${itemPath(before.kind, namespace, before.metadata.name)}?fieldManager=${FIELD_MANAGER}`,
      body: restore,
    }).catch(() => undefined);
    if (!res || !ok(res)) notRestored.push(key(before));
  }
  return notRestored;
}

export async function applyEdit(
  send: KubeSend,
  current: Current,
  plan: { updates: Obj[]; creates: Obj[] },
  versions: Record<string, string>,
  focus: string,
): Promise<WriteResult> {
  const namespace = current.service.metadata.namespace;
  const applied: Applied = { done: [], made: [] };
  for (const object of plan.updates) {
    const res = await send({
      method: 'PUT',
      path: `${itemPath(object.kind, namespace, object.metadata.name)}?fieldManager=${FIELD_MANAGER}`,
      body: { ...object, metadata: { ...object.metadata, resourceVersion: versions[key(object)] } },
    }).catch(networkFailure);
    if (!ok(res)) {
      const notRestored = await undo(send, namespace, applied);
      const tail = notRestored.length
        ? ` Could not put back ${notRestored.join(', ')}: check them on the map.`
        : '';
      if (res.status === 409) {
        return {
          status: 'conflict',
          message: `${key(object)} was changed by someone else meanwhile; nothing was overwritten.${tail} Reload to see the current addresses.`,
          focus,
          ...kubernetesStatusOf(res),
        };
      }
      return failed(
        `Updating ${key(object)} failed: ${statusOf(res).message}.${tail}`,
        kubernetesStatusOf(res),
      );
    }
    applied.done.push({
      before: current.slices.find((s) => key(s) === key(object)) ?? current.endpoints ?? object,
      after: res.body as Obj,
    });
  }
  for (const object of plan.creates) {
    const res = await send({
      method: 'POST',
      path: `${collectionPath(object.kind, namespace)}?fieldManager=${FIELD_MANAGER}`,
      body: object,
    }).catch(networkFailure);
    const uid = ok(res) ? (rec(rec(res.body).metadata).uid as string | undefined) : undefined;
    if (!uid) {
      const notRestored = await undo(send, namespace, applied);
      const tail = notRestored.length
        ? ` Could not put back ${notRestored.join(', ')}.`
        : ' Earlier changes were put back.';
      const message = `Creating ${key(object)} failed: ${statusOf(res).message}.${tail}`;
      return res.status === 409
        ? { status: 'conflict', message, focus, ...kubernetesStatusOf(res) }
        : failed(message, kubernetesStatusOf(res));
    }
    applied.made.push({
      kind: object.kind as WriteKind,
      namespace,
      name: object.metadata.name,
      uid,
    });
  }
  return {
    status: 'updated',
    focus,
    updated: [
      ...plan.updates.map((o) => ({
        kind: o.kind as WriteKind,
        namespace,
        name: o.metadata.name,
      })),
      ...applied.made,
    ],
  };
}
