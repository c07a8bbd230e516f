/**
 * The browser's Web Storage, for what the dashboard keeps in it (the theme in localStorage, a
 * form's write handed to the map in sessionStorage), where a browser may refuse it: with site
 * data blocked even reading `window.localStorage` throws a SecurityError, and a full quota makes
 * `setItem` throw. Nothing the dashboard keeps there is needed to work, so a refusal is a value
 * not kept, never an error.
 *
 * Contract: `browserStorage(kind)` is the storage, or undefined outside a browser or where
 * reading it throws; `readStored` answers null and `writeStored` does nothing where the storage
 * is missing or throws. `writeStored(…, null)` removes the key.
 */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function browserStorage(kind: 'localStorage' | 'sessionStorage'): StorageLike | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window[kind];
  } catch {
    return undefined;
  }
}

export function readStored(storage: StorageLike | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(storage: StorageLike | undefined, key: string, value: string | null) {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Refused (a full quota, storage blocked): not kept.
  }
}
