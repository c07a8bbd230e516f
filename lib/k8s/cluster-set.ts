/**
 * Which clusters the dashboard watches: the kubeconfig files merged as kubectl merges them, and
 * the contexts chosen the way kubectl users expect.
 *
 * Contract:
 * - files: `--kubeconfig` (repeatable; SWITCHBOARD_KUBECONFIG, a path list like KUBECONFIG) >
 *   `KUBECONFIG=a:b` > `~/.kube/config` > in-cluster (lib/k8s/kubeconfig.ts decides the order).
 *   Several files merge by kubectl's rule: the first file to define a cluster, user or context
 *   name wins and a later one never changes it; the current-context is the first one set; files
 *   in the list that do not exist are skipped (an unreadable or malformed one is an error);
 * - contexts: the ones named (`--context A --context B`: SWITCHBOARD_CONTEXTS, a JSON array, or
 *   SWITCHBOARD_CONTEXT for one), in that order; or every context (`--all-contexts`:
 *   SWITCHBOARD_ALL_CONTEXTS=1), the current-context first, then in file order; or else the
 *   current-context alone. The first cluster is the default one.
 * - each cluster's id is its context name; each gets a KubeConfig of its own whose
 *   current-context is that context, so the rest of the code keeps working on "the current
 *   cluster" of a KubeConfig. A context whose cluster or user entry is missing is still listed,
 *   with the reason it cannot be used (so one bad entry among many shows on its own).
 * Node-only; no `server-only` marker, the CLI uses it too.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Env } from './kubeconfig';

export interface ClusterChoice {
  /** Named contexts, in order (empty: not named). */
  contexts: string[];
  allContexts: boolean;
}

export interface ClusterEntry {
  /** The context name. */
  id: string;
  kubeConfig: KubeConfig;
  /** Why this context cannot be used (its cluster or user is not defined), if so. */
  error?: string;
}

export interface ClusterSelection {
  entries: ClusterEntry[];
  /** Named contexts the kubeconfig does not define. */
  missing: string[];
}

/** The choice the server process was given in its environment (cli/serve.ts writes it). */
export function clusterChoiceFromEnv(env: Env): ClusterChoice {
  const many = env.SWITCHBOARD_CONTEXTS;
  let contexts: string[] = [];
  if (many) {
    const parsed: unknown = JSON.parse(many);
    if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'string')) {
      throw new Error('SWITCHBOARD_CONTEXTS must be a JSON array of context names');
    }
    contexts = parsed;
  } else if (env.SWITCHBOARD_CONTEXT) {
    contexts = [env.SWITCHBOARD_CONTEXT];
  }
  return { contexts: [...new Set(contexts)], allContexts: env.SWITCHBOARD_ALL_CONTEXTS === '1' };
}

/** The same choice as environment variables for the server process. */
export function clusterChoiceEnv(choice: ClusterChoice): Env {
  return {
    ...(choice.contexts.length === 1 ? { SWITCHBOARD_CONTEXT: choice.contexts[0] } : {}),
    ...(choice.contexts.length > 1
      ? { SWITCHBOARD_CONTEXTS: JSON.stringify(choice.contexts) }
      : {}),
    ...(choice.allContexts ? { SWITCHBOARD_ALL_CONTEXTS: '1' } : {}),
  };
}

/** Merges already-loaded configs by kubectl's rule (the first definition of a name wins). */
export function mergeKubeConfigs(configs: readonly KubeConfig[]): KubeConfig {
  const merged = new KubeConfig();
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  merged.loadFromOptions({
    clusters: firstByName(configs.map((c) => c.getClusters())),
    users: firstByName(configs.map((c) => c.getUsers())),
    contexts: firstByName(configs.map((c) => c.getContexts())),
    currentContext: configs.map((c) => c.getCurrentContext()).find(Boolean) ?? '',
  });
  return merged;
}

/** The files of a path list (`a:b`), empty entries dropped. */
export function splitPathList(list: string): string[] {
  return list.split(delimiter).filter(Boolean);
}

/** Loads and merges `files` (missing ones skipped; none existing is an error). */
export function loadMergedKubeConfig(
  files: readonly string[],
  exists: (path: string) => boolean = existsSync,
): KubeConfig {
  const present = files.length === 1 ? files : files.filter((f) => exists(f));
  if (present.length === 0)
    throw new Error(`none of the kubeconfig files exist: ${files.join(', ')}`);
  return mergeKubeConfigs(
    present.map((file) => {
      const config = new KubeConfig();
      config.loadFromFile(file);
      return config;
    }),
  );
}

/** A copy of `config` whose current-context is `context` (the lists are shared, never mutated). */
export function forContext(config: KubeConfig, context: string): KubeConfig {
  const one = new KubeConfig();
  one.loadFromOptions({
    clusters: config.getClusters(),
    users: config.getUsers(),
    contexts: config.getContexts(),
    currentContext: context,
  });
  return one;
}

function unusable(config: KubeConfig, context: string): string | undefined {
  const ctx = config.getContextObject(context);
  if (!ctx) return `kubeconfig has no context "${context}"`;
  if (!config.getCluster(ctx.cluster)) {
    return `context "${context}" names cluster "${ctx.cluster}", which the kubeconfig does not define`;
  }
  if (ctx.user && !config.getUser(ctx.user)) {
    return `context "${context}" names user "${ctx.user}", which the kubeconfig does not define`;
  }
  return undefined;
}

/** The clusters `choice` picks from the merged `config`, the default one first. */
export function selectClusters(config: KubeConfig, choice: ClusterChoice): ClusterSelection {
  const defined = config.getContexts().map((c) => c.name);
  let ids: string[];
  let missing: string[] = [];
  if (choice.contexts.length > 0) {
    ids = choice.contexts.filter((c) => defined.includes(c));
    missing = choice.contexts.filter((c) => !defined.includes(c));
  } else if (choice.allContexts) {
    const current = config.getCurrentContext();
    ids = defined.includes(current) ? [current, ...defined.filter((c) => c !== current)] : defined;
  } else {
    ids = [config.getCurrentContext()].filter(Boolean);
  }
  const entries = ids.map((id) => {
    const error = unusable(config, id);
    return { id, kubeConfig: forContext(config, id), ...(error ? { error } : {}) };
  });
  return { entries, missing };
}

/** What a configuration change did to the set of clusters (by id; `changed`: same id, new target). */
export interface ClusterSetChange {
  added: string[];
  removed: string[];
  changed: string[];
}

/** What identifies where a context points: its cluster, user and namespace entries. */
export function contextFingerprint(entry: ClusterEntry): string {
  const kc = entry.kubeConfig;
  return JSON.stringify([
    entry.error ?? null,
    kc.getContextObject(kc.getCurrentContext()) ?? null,
    kc.getCurrentCluster() ?? null,
    kc.getCurrentUser() ?? null,
  ]);
}

export function diffClusterSets(
  before: readonly ClusterEntry[],
  after: readonly ClusterEntry[],
): ClusterSetChange {
  const old = new Map(before.map((e) => [e.id, contextFingerprint(e)]));
  const next = new Map(after.map((e) => [e.id, contextFingerprint(e)]));
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id)),
  };
}
