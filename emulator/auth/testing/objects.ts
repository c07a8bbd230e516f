/**
 * Test support for emulator/auth: an in-memory ServiceAccountTokenGetter over plain objects, so
 * token tests can create, delete and recreate ServiceAccounts, pods, secrets and nodes without
 * an apiserver. Used only by tests.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../core/types';
import type { ServiceAccountTokenGetter } from '../serviceaccount/token-authenticator';

export interface FakeObjects extends ServiceAccountTokenGetter {
  /** Creates (or recreates, with a new uid) an object; returns it. */
  put(
    kind: 'ServiceAccount' | 'Pod' | 'Secret' | 'Node',
    namespace: string,
    name: string,
    spec?: Record<string, unknown>,
  ): KubeObject;
  remove(kind: 'ServiceAccount' | 'Pod' | 'Secret' | 'Node', namespace: string, name: string): void;
}

export function fakeObjects(): FakeObjects {
  const objects = new Map<string, KubeObject>();
  const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
  return {
    put(kind, namespace, name, spec) {
      const object: KubeObject = {
        apiVersion: 'v1',
        kind,
        metadata: { name, ...(kind === 'Node' ? {} : { namespace }), uid: randomUUID() },
        ...(spec ? { spec } : {}),
      };
      objects.set(key(kind, kind === 'Node' ? '' : namespace, name), object);
      return object;
    },
    remove(kind, namespace, name) {
      objects.delete(key(kind, kind === 'Node' ? '' : namespace, name));
    },
    getServiceAccount: (namespace, name) => objects.get(key('ServiceAccount', namespace, name)),
    getPod: (namespace, name) => objects.get(key('Pod', namespace, name)),
    getSecret: (namespace, name) => objects.get(key('Secret', namespace, name)),
    getNode: (name) => objects.get(key('Node', '', name)),
  };
}
