/**
 * Scenario loader: turns a scenario name (`empty`, `seed`, `demo`, `large:N`) into objects
 * created through the ClusterStore — so defaults, validation, watches and controllers apply
 * exactly as they do for kubectl — and the extra loops the scenario needs.
 *
 * Every scenario starts from `empty`'s base (system namespaces, three Nodes, default/kubernetes).
 * The caller starts the returned controllers after loading and stops them on shutdown.
 */
import type { ClusterStore } from '../core/types';
import { loadBase } from './base';
import { createReadinessFlapper, createRolloutStarter, loadDemoObjects } from './demo';
import { addSummaries } from './helpers';
import { loadLarge } from './large';
import { parseLargeCount } from './large-plan';
import { loadSeed } from './seed';
import type { ScenarioHandle, ScenarioOptions } from './types';

export type { ScenarioHandle, ScenarioOptions, ScenarioSummary } from './types';

/** The scenario names, as the CLI's usage prints them. */
export const SCENARIO_NAMES = ['empty', 'seed', 'demo', 'large:N'] as const;

export const DEFAULT_MINOR_VERSION = 33;

export type ParsedScenario =
  { kind: 'empty' | 'seed' | 'demo'; name: string } | { kind: 'large'; name: string; pods: number };

/** Validates a scenario name; throws an Error whose message suits a usage line. */
export function parseScenarioName(name: string): ParsedScenario {
  if (name === 'empty' || name === 'seed' || name === 'demo') return { kind: name, name };
  if (name.startsWith('large:')) {
    const pods = parseLargeCount(name.slice('large:'.length));
    return { kind: 'large', name: `large:${pods}`, pods };
  }
  throw new Error(`unknown scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`);
}

export async function loadScenario(
  name: string,
  store: ClusterStore,
  options: ScenarioOptions = {},
): Promise<ScenarioHandle> {
  const parsed = parseScenarioName(name);
  const minorVersion = options.minorVersion ?? DEFAULT_MINOR_VERSION;
  let summary = loadBase(store, minorVersion);
  const controllers = [];
  switch (parsed.kind) {
    case 'empty':
      break;
    case 'seed':
      summary = addSummaries(summary, await loadSeed(store));
      break;
    case 'demo':
      summary = addSummaries(summary, await loadSeed(store));
      summary = addSummaries(summary, await loadDemoObjects(store));
      controllers.push(
        createRolloutStarter(store),
        createReadinessFlapper(store, { intervalMs: options.flapIntervalMs, seed: options.seed }),
      );
      break;
    case 'large':
      summary = addSummaries(
        summary,
        await loadLarge(store, parsed.pods, { minorVersion, seed: options.seed }),
      );
      break;
  }
  return { name: parsed.name, controllers, summary };
}
