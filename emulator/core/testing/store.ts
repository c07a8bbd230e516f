/**
 * Test support for the object store's unit tests: a store on a fixed clock with the system
 * namespaces, small object builders, and a matcher for the ApiError a write throws.
 */
import assert from 'node:assert/strict';
import { isApiError } from '../errors';
import { createObjectStore, type CoreStore, type ObjectStoreOptions } from '../store';
import type { KubeObject, StoreEvent } from '../types';

export const NOW = new Date('2025-01-02T03:04:05.678Z');

export function testStore(options: ObjectStoreOptions = {}): {
  store: CoreStore;
  events: StoreEvent[];
} {
  const store = createObjectStore({ now: () => NOW, ...options });
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return { store, events };
}

export function pod(name: string, spec: Record<string, unknown> = {}, namespace = 'default') {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec } as KubeObject;
}

export function configLike(
  resource: 'endpoints' | 'events',
  name: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  const kind = resource === 'endpoints' ? 'Endpoints' : 'Event';
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'default' }, ...extra };
}

/** Asserts `fn` throws an ApiError with this code and message (a RegExp or the exact text). */
export function assertApiError(fn: () => unknown, code: number, message: string | RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isApiError(error), `not an ApiError: ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}
