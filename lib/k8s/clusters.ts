import 'server-only';
/**
 * The clusters of this dashboard process: one member per chosen kubeconfig context
 * (lib/k8s/cluster-set.ts), each with its own connection and its own Hub — its own watches,
 * cache, model and streams — so a cluster that is down, slow, forbidden or replaced shows that
 * on its own state while the others stay live.
 *
 * Contract:
 * - `clusterRegistry()` is the process-wide registry (on globalThis, so Next module reloads reuse
 *   it), loaded from the environment on first use; a configuration that cannot be loaded throws
 *   and is not kept, so the next call tries again;
 * - ids are the context names; `ids()` is in the chosen order and the first is the default,
 *   which every cluster-less caller (`connection()`, `hub()` with no id) means;
 * - `hub(id)` creates that cluster's Hub on first use (started lazily, as before); an unknown id
 *   throws `UnknownClusterError`, a context whose entry cannot be used throws its reason;
 * - `reload()` re-reads the configuration: new contexts become members, removed ones are stopped
 *   and dropped, one whose target changed (server, user, namespace) is replaced by a fresh hub;
 *   listeners (`onChange`) hear the ids. A configuration that fails to load keeps the current set.
 *   `watchFiles()` reloads when a kubeconfig file changes (debounced), without a restart;
 * - what the members are and how their hubs are made are options (`load`, `makeHub`), so a
 *   source that is not a kubeconfig context (a recorded snapshot) can be given a registry too.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorMessage } from '../error-message';
import { diffClusterSets, type ClusterEntry, type ClusterSetChange } from './cluster-set';
import type { ClusterConnection } from './connection';
import { Hub } from './hub';
import { loadClusterSelection, type Env } from './kubeconfig';
import { SNAPSHOT_FILE_VAR, snapshotRegistryOptions } from './snapshot-source';

export class UnknownClusterError extends Error {
  constructor(readonly clusterId: string) {
    super(`no cluster "${clusterId}" (not a context this dashboard watches)`);
    this.name = 'UnknownClusterError';
  }
}

/**
 * Whether `error` is an `UnknownClusterError`. By name, not `instanceof`: the registry lives on
 * globalThis and Next bundles this module into several chunks, so the error may come from
 * another copy of the class than the caller's.
 */
export function isUnknownCluster(error: unknown): error is UnknownClusterError {
  return error instanceof Error && error.name === 'UnknownClusterError';
}

/** The connection of a KubeConfig whose current context is the cluster. */
export function connectionOf(kubeConfig: KubeConfig, env: Env = process.env): ClusterConnection {
  const cluster = kubeConfig.getCurrentCluster()!;
  return {
    kubeConfig,
    info: {
      name: kubeConfig.getCurrentContext() || cluster.name,
      simulated: false,
      readOnly: env.SWITCHBOARD_READ_ONLY === '1',
    },
  };
}

interface Member {
  entry: ClusterEntry;
  connection?: ClusterConnection;
  hub?: Hub;
}

export interface RegistryOptions {
  load: () => { entries: ClusterEntry[]; files: string[] };
  env?: Env;
  makeHub?: (connection: ClusterConnection, id: string) => Hub;
  log?: (message: string) => void;
  /** How long file changes settle before a reload. */
  debounceMs?: number;
}

export class ClusterRegistry {
  private members = new Map<string, Member>();
  private files: string[];
  private readonly listeners = new Set<(change: ClusterSetChange) => void>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: RegistryOptions) {
    const { entries, files } = opts.load();
    this.files = files;
    for (const entry of entries) this.members.set(entry.id, { entry });
  }

  ids(): string[] {
    return [...this.members.keys()];
  }

  defaultId(): string {
    return this.ids()[0]!;
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  /** The files the configuration came from (none in-cluster). */
  sourceFiles(): readonly string[] {
    return this.files;
  }

  private member(id: string | undefined): Member {
    const member = this.members.get(id ?? this.defaultId());
    if (!member) throw new UnknownClusterError(id ?? '');
    return member;
  }

  connection(id?: string): ClusterConnection {
    const member = this.member(id);
    if (member.entry.error) throw new Error(member.entry.error);
    member.connection ??= connectionOf(member.entry.kubeConfig, this.opts.env);
    return member.connection;
  }

  hub(id?: string): Hub {
    const member = this.member(id);
    member.hub ??= this.makeHub(this.connection(id), member.entry.id);
    return member.hub;
  }

  /** The hubs created so far, in the clusters' order. */
  hubs(): Hub[] {
    return [...this.members.values()].flatMap((m) => (m.hub ? [m.hub] : []));
  }

  /** The hub if it exists already (never creates one: for read-outs that must not start watches). */
  existingHub(id: string): Hub | undefined {
    return this.members.get(id)?.hub;
  }

  /** Why the cluster cannot be used at all, if so. */
  entryError(id: string): string | undefined {
    return this.member(id).entry.error;
  }

  private makeHub(connection: ClusterConnection, id: string): Hub {
    if (this.opts.makeHub) return this.opts.makeHub(connection, id);
    return new Hub({
      connection,
      cluster: id,
      // Named once there are several clusters (also when more are added later).
      log: (m) => this.opts.log?.(this.members.size > 1 ? `${id}: ${m}` : m),
    });
  }

  onChange(listener: (change: ClusterSetChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the configuration and applies what changed (see the header). */
  reload(): ClusterSetChange {
    let loaded: { entries: ClusterEntry[]; files: string[] };
    try {
      loaded = this.opts.load();
    } catch (error) {
      this.opts.log?.(
        `kubeconfig reload failed, keeping the clusters as they are: ${errorMessage(error)}`,
      );
      return { added: [], removed: [], changed: [] };
    }
    const before = [...this.members.values()].map((m) => m.entry);
    const change = diffClusterSets(before, loaded.entries);
    const old = this.members;
    this.members = new Map();
    for (const entry of loaded.entries) {
      const kept = old.get(entry.id);
      this.members.set(entry.id, kept && !change.changed.includes(entry.id) ? kept : { entry });
    }
    for (const id of [...change.removed, ...change.changed]) {
      void old.get(id)?.hub?.stop();
    }
    this.files = loaded.files;
    if (change.added.length + change.removed.length + change.changed.length > 0) {
      this.opts.log?.(
        `clusters changed: ${[
          ...change.added.map((id) => `+${id}`),
          ...change.removed.map((id) => `-${id}`),
          ...change.changed.map((id) => `~${id}`),
        ].join(' ')}`,
      );
      for (const listener of this.listeners) listener(change);
    }
    return change;
  }

  /**
   * Reloads when a kubeconfig file is written, replaced (editors and kubectl write a new file and
   * rename it) or removed: the directories are watched, not the files. Idempotent.
   */
  watchFiles(): void {
    if (this.watchers.length > 0) return;
    const byDir = new Map<string, Set<string>>();
    for (const file of this.files) {
      const names = byDir.get(dirname(file)) ?? new Set<string>();
      names.add(basename(file));
      byDir.set(dirname(file), names);
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || names.has(String(name))) this.scheduleReload();
        });
        watcher.on('error', (error) =>
          this.opts.log?.(`cannot watch ${dir}: ${errorMessage(error)}`),
        );
        this.watchers.push(watcher);
      } catch (error) {
        this.opts.log?.(`cannot watch ${dir}: ${errorMessage(error)}`);
      }
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), this.opts.debounceMs ?? 300);
    this.timer.unref();
  }

  /** Stops watching the files and every hub. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
    await Promise.all([...this.members.values()].map((m) => m.hub?.stop()));
  }
}

const KEY = Symbol.for('switchboard.clusters');
type RegistryGlobal = typeof globalThis & { [KEY]?: ClusterRegistry };

/** The process-wide registry, loaded from the environment on first use (see the header). */
export function clusterRegistry(): ClusterRegistry {
  const g = globalThis as RegistryGlobal;
  const snapshotFile = process.env[SNAPSHOT_FILE_VAR];
  // `switchboard view FILE`: the recorded snapshot is the one cluster (lib/k8s/snapshot-source.ts).
  g[KEY] ??= new ClusterRegistry(
    snapshotFile
      ? snapshotRegistryOptions(snapshotFile)
      : {
          load: () => loadClusterSelection(process.env),
          log: (m) => console.warn(`[switchboard] ${m}`),
        },
  );
  return g[KEY];
}

/** The ids of the clusters of this process, the default first (throws when none is configured). */
export function clusterIds(): string[] {
  return clusterRegistry().ids();
}

export function defaultClusterId(): string {
  return clusterRegistry().defaultId();
}

/** Cluster `id`'s hub (default: the default cluster's); throws `UnknownClusterError`. */
export function hubFor(id?: string): Hub {
  return clusterRegistry().hub(id);
}
