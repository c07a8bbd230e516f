/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set: a tree whose nodes list the
 * path elements that are members at that level and the children below them. Appearing as a
 * child does not make an element a member (`f:spec` is usually only a parent). Operations keep
 * SMD's semantics (set.go): Difference compares members with members and children with
 * children, RecursiveDifference also drops everything under a member of the other set, Leaves
 * keeps members that have no children.
 *
 * Sets are immutable once built: operations return new sets and hand back an input unchanged
 * when nothing changes, so unchanged managers keep their encoded FieldsV1 objects.
 * `toFieldsV1`/`fieldsV1ToSet` are the wire encoding of metadata.managedFields[].fieldsV1.
 */
import { comparePathElements, parsePathElement, type Path, type PathElement } from './path-element';

export interface SetNode {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  /** Keyed by PathElement id. */
  readonly members: Map<string, PathElement>;
  readonly children: Map<string, SetNode>;

  constructor(members = new Map<string, PathElement>(), children = new Map<string, SetNode>()) {
    this.members = members;
    this.children = children;
  }

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  /** Adds a path (not its parents). Only for sets under construction. */
  insert(path: Path): void {
    if (path.length === 0) return; // nobody owns the whole object
    const node = path.slice(0, -1).reduce<FieldSet>((set, pe) => set.descend(pe), this);
    const last = path[path.length - 1]!;
    node.members.set(last.id, last);
  }

  /** The child set under `pe`, created if missing. Only for sets under construction. */
  descend(pe: PathElement): FieldSet {
    let child = this.children.get(pe.id);
    if (!child) {
      child = { pe, set: new FieldSet() };
      this.children.set(pe.id, child);
    }
    return child.set;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    const node = path
      .slice(0, -1)
      .reduce<FieldSet | undefined>((set, pe) => set?.children.get(pe.id)?.set, this);
    return node !== undefined && node.members.has(path[path.length - 1]!.id);
  }

  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const { set } of this.children.values()) if (!set.empty()) return false;
    return true;
  }

  /** The paths below `pe`, without `pe` itself. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe.id)?.set ?? EMPTY;
  }

  union(other: FieldSet): FieldSet {
    if (other === this || other.empty()) return this;
    if (this.empty()) return other;
    // A writer re-setting fields it owns: the same set, so its encoded FieldsV1 is reused.
    if (other.isSubsetOf(this)) return this;
    const members = new Map(this.members);
    for (const [id, pe] of other.members) members.set(id, pe);
    const children = new Map(this.children);
    for (const [id, node] of other.children) {
      const mine = children.get(id);
      children.set(id, mine ? { pe: mine.pe, set: mine.set.union(node.set) } : node);
    }
    return new FieldSet(members, children);
  }

  /** Every member of this set is a member of `other` (empty children count as nothing). */
  isSubsetOf(other: FieldSet): boolean {
    if (other === this) return true;
    for (const id of this.members.keys()) if (!other.members.has(id)) return false;
    for (const [id, node] of this.children) {
      const theirs = other.children.get(id);
      if (theirs ? !node.set.isSubsetOf(theirs.set) : !node.set.empty()) return false;
    }
    return true;
  }

  intersection(other: FieldSet): FieldSet {
    if (other === this) return this;
    const members = new Map<string, PathElement>();
    for (const [id, pe] of this.members) if (other.members.has(id)) members.set(id, pe);
    const children = new Map<string, SetNode>();
    for (const [id, node] of this.children) {
      const theirs = other.children.get(id);
      if (!theirs) continue;
      const set = node.set.intersection(theirs.set);
      if (!set.empty()) children.set(id, { pe: node.pe, set });
    }
    return new FieldSet(members, children);
  }

  difference(other: FieldSet): FieldSet {
    return this.subtract(other, false);
  }

  /** Like difference, and also removes everything below a member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.subtract(other, true);
  }

  private subtract(other: FieldSet, recursive: boolean): FieldSet {
    if (other.empty()) return this;
    let changed = false;
    const members = new Map<string, PathElement>();
    for (const [id, pe] of this.members) {
      if (other.members.has(id)) changed = true;
      else members.set(id, pe);
    }
    const children = new Map<string, SetNode>();
    for (const [id, node] of this.children) {
      if (recursive && other.members.has(id)) {
        changed = true;
        continue;
      }
      const theirs = other.children.get(id);
      if (!theirs) {
        children.set(id, node);
        continue;
      }
      const set = node.set.subtract(theirs.set, recursive);
      if (set !== node.set) changed = true;
      if (!set.empty()) children.set(id, set === node.set ? node : { pe: node.pe, set });
    }
    return changed ? new FieldSet(members, children) : this;
  }

  /** Members that are not also parents of other members. */
  leaves(): FieldSet {
    const members = new Map<string, PathElement>();
    for (const [id, pe] of this.members) if (!this.children.has(id)) members.set(id, pe);
    const children = new Map<string, SetNode>();
    for (const [id, node] of this.children)
      children.set(id, { pe: node.pe, set: node.set.leaves() });
    return new FieldSet(members, children);
  }

  equals(other: FieldSet): boolean {
    if (other === this) return true;
    if (this.members.size !== other.members.size) return false;
    for (const id of this.members.keys()) if (!other.members.has(id)) return false;
    const mine = [...this.children.values()].filter((n) => !n.set.empty());
    const theirs = [...other.children.values()].filter((n) => !n.set.empty());
    if (mine.length !== theirs.length) return false;
    return mine.every((n) => {
      const t = other.children.get(n.pe.id);
      return t !== undefined && n.set.equals(t.set);
    });
  }

  /** Every member path, depth first in SMD's element order (members of a node before children). */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (set: FieldSet, prefix: PathElement[]) => {
      for (const pe of sorted(set.members.values())) out.push([...prefix, pe]);
      for (const node of sortedNodes(set.children.values())) walk(node.set, [...prefix, node.pe]);
    };
    walk(this, []);
    return out;
  }
}

export const EMPTY = new FieldSet();

function sorted(elements: Iterable<PathElement>): PathElement[] {
  return [...elements].sort(comparePathElements);
}

function sortedNodes(nodes: Iterable<SetNode>): SetNode[] {
  return [...nodes].sort((a, b) => comparePathElements(a.pe, b.pe));
}

// ---------------------------------------------------------------------------------------------
// FieldsV1 (fieldpath/serialize.go)

export type FieldsV1 = { [key: string]: FieldsV1 };

/** The FieldsV1 object of a set: `.` first when a node is itself a member, then SMD's order. */
export function toFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  const ids = new Map<string, PathElement>(set.members);
  for (const [id, node] of set.children) if (!node.set.empty()) ids.set(id, node.pe);
  for (const pe of sorted(ids.values())) {
    const child = set.children.get(pe.id)?.set;
    const body: FieldsV1 = {};
    if (child && !child.empty()) {
      if (set.members.has(pe.id)) body['.'] = {};
      Object.assign(body, toFieldsV1(child));
    }
    out[pe.id] = body;
  }
  return out;
}

/** Parses FieldsV1; throws on a malformed element, as DecodeManagedFields fails on one. */
export function fieldsV1ToSet(fields: unknown): FieldSet {
  return readFields(fields).set ?? new FieldSet();
}

function readFields(fields: unknown): { set: FieldSet | undefined; member: boolean } {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new Error('FieldsV1 must be an object');
  }
  let set: FieldSet | undefined;
  let member = false;
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (key === '.') {
      member = true;
      continue;
    }
    const pe = parsePathElement(key);
    if (!pe) continue; // a future element type: dropped, as SMD does
    const child = readFields(value);
    set ??= new FieldSet();
    if (child.member) set.members.set(pe.id, pe);
    if (child.set) set.children.set(pe.id, { pe, set: child.set });
  }
  return { set, member: member || set === undefined };
}
