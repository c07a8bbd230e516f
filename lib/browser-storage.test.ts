/** Web Storage where a browser refuses it: a value not kept, never an error. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserStorage, readStored, writeStored } from './browser-storage';

test('no storage outside a browser, and none where reading the property throws', (t) => {
  assert.equal(browserStorage('localStorage'), undefined);
  const blocked = {
    get localStorage(): Storage {
      throw new Error('SecurityError: access denied');
    },
    sessionStorage: { getItem: () => 'kept' },
  };
  Object.defineProperty(globalThis, 'window', { value: blocked, configurable: true });
  t.after(() => Reflect.deleteProperty(globalThis, 'window'));
  assert.equal(browserStorage('localStorage'), undefined);
  assert.equal(readStored(browserStorage('sessionStorage'), 'k'), 'kept');
});

test('reads and writes through the storage; missing or throwing storage: null, nothing kept', () => {
  const items = new Map<string, string>();
  const storage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  writeStored(storage, 'theme', 'dark');
  assert.equal(readStored(storage, 'theme'), 'dark');
  writeStored(storage, 'theme', null);
  assert.equal(readStored(storage, 'theme'), null);
  const refusing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem: () => {
      throw new Error('SecurityError');
    },
  };
  assert.equal(readStored(refusing, 'theme'), null);
  assert.doesNotThrow(() => writeStored(refusing, 'theme', 'dark'));
  assert.doesNotThrow(() => writeStored(refusing, 'theme', null));
  assert.equal(readStored(undefined, 'theme'), null);
  assert.doesNotThrow(() => writeStored(undefined, 'theme', 'dark'));
});
