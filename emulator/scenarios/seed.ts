/**
 * The `seed` scenario: a small web workload (an nginx Deployment behind a Service) and an
 * external web server behind a selector-less Service, read from the manifests committed beside
 * this file (seed-manifests/) and created in `default` as `kubectl apply -f` would.
 * The controllers then produce the nginx pods, their Endpoints and EndpointSlice, and the
 * mirrored slice of `external-web`.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ClusterStore } from '../core/types';
import { countInto, createObject, emptySummary, readManifests } from './helpers';
import type { ScenarioSummary } from './types';

/** Creates every object of the *.yaml files in `directory`, files in name order. */
export async function applyManifestDirectory(
  store: ClusterStore,
  directory: string,
): Promise<ScenarioSummary> {
  const summary = emptySummary();
  const files = (await readdir(directory)).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    for (const object of await readManifests(`${directory}/${file}`)) {
      createObject(store, object, 'default');
      countInto(summary, object.kind);
    }
  }
  return summary;
}

export const SEED_MANIFESTS = fileURLToPath(new URL('./seed-manifests', import.meta.url));

export function loadSeed(store: ClusterStore): Promise<ScenarioSummary> {
  return applyManifestDirectory(store, SEED_MANIFESTS);
}
