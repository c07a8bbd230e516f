/**
 * Maps and sets that say which keys were read and which were written: the dependency record the
 * maintained model (live-model.ts) keeps per Service. While a Service's answer is computed, every
 * key read through these is logged as `<tag><key>`, and any iteration as `<tag>*`; every write
 * (set, add, delete) logs `<tag><key>`, plus `<tag>*` when a key appears or disappears. Reading a
 * map's `size` logs `<tag>#empty`, written when the map becomes empty or stops being so: callers
 * only ever ask whether there is anything at all. A Service is recomputed exactly when something
 * it read was written.
 *
 * Contract: behaves as a plain Map/Set for every caller; logging costs one property check per
 * read while nothing is being recorded. Isomorphic.
 */

/** Where reads and writes are logged. `reading` is set only while one answer is being computed. */
export interface KeyLog {
  reading: Set<string> | undefined;
  /** Undefined while the index is being built (nothing can have read it yet). */
  written: Set<string> | undefined;
}

export class TrackedMap<K extends string, V> extends Map<K, V> {
  constructor(
    private readonly log: KeyLog,
    private readonly tag: string,
  ) {
    super();
  }

  override get(key: K): V | undefined {
    this.log.reading?.add(this.tag + key);
    return super.get(key);
  }

  override has(key: K): boolean {
    this.log.reading?.add(this.tag + key);
    return super.has(key);
  }

  override get size(): number {
    this.log.reading?.add(this.tag + '#empty');
    return super.size;
  }

  override set(key: K, value: V): this {
    const written = this.log.written;
    if (written) {
      if (!super.has(key)) {
        written.add(this.tag + '*');
        if (super.size === 0) written.add(this.tag + '#empty');
      }
      written.add(this.tag + key);
    }
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const written = this.log.written;
    if (written && super.has(key)) {
      written.add(this.tag + '*');
      written.add(this.tag + key);
      if (super.size === 1) written.add(this.tag + '#empty');
    }
    return super.delete(key);
  }

  override keys(): MapIterator<K> {
    this.log.reading?.add(this.tag + '*');
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.log.reading?.add(this.tag + '*');
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    this.log.reading?.add(this.tag + '*');
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.log.reading?.add(this.tag + '*');
    super.forEach(fn, thisArg);
  }
}

export class TrackedSet extends Set<string> {
  constructor(
    private readonly log: KeyLog,
    private readonly tag: string,
  ) {
    super();
  }

  override has(key: string): boolean {
    this.log.reading?.add(this.tag + key);
    return super.has(key);
  }

  override add(key: string): this {
    if (!super.has(key)) this.log.written?.add(this.tag + key);
    return super.add(key);
  }

  override delete(key: string): boolean {
    if (super.has(key)) this.log.written?.add(this.tag + key);
    return super.delete(key);
  }
}
