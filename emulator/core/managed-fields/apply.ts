/**
 * Server-side apply on values and field sets, as structured-merge-diff's merge.Updater.Apply
 * runs it (merge/update.go): the applied configuration is merged over the live object; its field
 * set becomes the applier's set; what the applier applied last time and no longer applies is
 * pruned unless another manager owns it (prune, addBackOwnedItems, addBackDanglingItems); then
 * every other manager whose field this apply adds or changes is in conflict — refused unless
 * forced, and a forced apply takes those fields away from them — and a field the apply removes
 * is no longer anyone's.
 *
 * Every manager here shares the kind's one served version, so no conversion between versions
 * happens (upstream converts each manager's set to its own apiVersion first).
 */
import { deepEqual } from '../deep-equal';
import type { Managed, ManagerEntry } from './entries';
import type { FieldSet } from './field-set';
import type { Json, Path } from './path-element';
import type { SmdType } from './schema';
import { ensureNamedFieldsAreMembers, merge, removeItems } from './typed-merge';
import { compare, toFieldSet } from './typed-sets';

/** One field another manager owns that the apply would change (merge.Conflict). */
export interface Conflict {
  /** The manager's identity (see ./conflicts.ts for how it is printed). */
  readonly entry: ManagerEntry;
  readonly path: Path;
}

/** The apply was refused: these managers own fields it changes (merge.Conflicts). */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`${conflicts.length} conflict(s)`);
  }
}

export interface ApplyStep {
  readonly type: SmdType;
  /** The applier's identity in `managed`. */
  readonly applier: string;
  /** The applier's entry without its set (manager, operation Apply, apiVersion, subresource). */
  readonly entry: Omit<ManagerEntry, 'set'>;
  readonly force: boolean;
  /** The fields no apply owns or compares (the strategy's reset fields). */
  readonly ignore: (set: FieldSet) => FieldSet;
  /**
   * What the applier's entry finally drops (the metadata nobody owns); only afterwards, as
   * upstream strips it after the apply, so pruning sees the applier own `metadata.name`.
   */
  readonly strip: (set: FieldSet) => FieldSet;
}

export interface ApplyResult {
  /** The merged and pruned object (not yet defaulted). */
  readonly object: Json;
  readonly managed: Managed;
  /** The object differs from the live one (upstream then stamps the applier's time). */
  readonly changed: boolean;
}

const E = (set: FieldSet, type: SmdType) => ensureNamedFieldsAreMembers(set, type);

function fieldSetOf(value: Json, type: SmdType): FieldSet {
  return toFieldSet(value, type, false);
}

/** addBackOwnedItems: what pruning removed that some manager (or the new config) owns. */
function addBackOwned(merged: Json, pruned: Json, managed: Managed, type: SmdType): Json {
  let owned: FieldSet | undefined;
  for (const entry of managed.values()) owned = owned ? owned.union(entry.set) : entry.set;
  const mergedSet = E(fieldSetOf(merged, type), type);
  const prunedSet = E(fieldSetOf(pruned, type), type);
  const keep = owned ? prunedSet.union(E(owned, type)) : prunedSet;
  return removeItems(merged, mergedSet.difference(keep), type) ?? {};
}

/** addBackDanglingItems: only what the applier owned last time stays removed. */
function addBackDangling(merged: Json, pruned: Json, lastSet: FieldSet, type: SmdType): Json {
  const prunedSet = E(fieldSetOf(pruned, type), type);
  const mergedSet = E(fieldSetOf(merged, type), type);
  const last = E(lastSet, type);
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(last), type) ?? {};
}

/** prune: removes what the applier applied last time and does not apply now, unless owned. */
function prune(merged: Json, managed: Managed, lastSet: FieldSet | undefined, type: SmdType): Json {
  if (!lastSet || lastSet.empty()) return merged;
  const pruned = removeItems(merged, E(lastSet, type), type) ?? {};
  return addBackDangling(merged, addBackOwned(merged, pruned, managed, type), lastSet, type);
}

/**
 * Applies `config` over `live` (the live object without managedFields; undefined for a create)
 * for the applier in `step`, with `managed` the live entries. Throws ApplyConflicts, or SMD's
 * type errors (TypeErrors) for a configuration that does not fit the schema.
 */
export function applyConfig(
  live: Json | undefined,
  config: Json,
  managed: Managed,
  step: ApplyStep,
): ApplyResult {
  const { type, applier } = step;
  // The configuration must fit the schema strictly: no repeated keys, no undeclared fields.
  const configSet = step.ignore(toFieldSet(config, type, true));
  const lastSet = managed.get(applier)?.set;
  const managers: Managed = new Map(managed);
  managers.set(applier, { ...step.entry, set: configSet });
  const merged = live === undefined ? config : (merge(live, config, type) ?? {});
  const object = prune(merged, managers, lastSet, type);

  // update(): who loses what, and who is in conflict.
  const c = compare(live ?? {}, object, type);
  const changedSet = step.ignore(c.modified.union(c.added));
  const removedSet = step.ignore(c.removed);
  const conflicts: Conflict[] = [];
  const lost = new Map<string, FieldSet>();
  for (const [id, entry] of managers) {
    if (id === applier) continue;
    const conflict = entry.set.intersection(changedSet);
    if (!conflict.empty()) {
      lost.set(id, conflict);
      for (const path of conflict.paths()) conflicts.push({ entry, path });
    }
  }
  if (conflicts.length > 0 && !step.force) throw new ApplyConflicts(conflicts);
  for (const [id, entry] of managers) {
    if (id === applier) continue;
    let set = entry.set;
    const conflict = lost.get(id);
    if (conflict) set = set.difference(conflict);
    set = set.difference(removedSet);
    if (set.empty()) managers.delete(id);
    else if (set !== entry.set) managers.set(id, { ...entry, set });
  }
  const owned = step.strip(configSet);
  if (owned.empty()) managers.delete(applier);
  else managers.set(applier, { ...step.entry, set: owned });
  const changed = live === undefined || !deepEqual(live, object);
  return { object, managed: managers, changed };
}
