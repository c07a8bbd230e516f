/**
 * Small tools the scenarios share: creating objects through the store the way kubectl would
 * (namespace filled in from the "context", every write through store.create), reading committed
 * manifest files, and a seeded random source so generated clusters are reproducible.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { ClusterStore, KubeObject, ResourceName } from '../core/types';
import type { ScenarioSummary } from './types';

const RESOURCE_OF_KIND: Record<string, ResourceName> = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Pod: 'pods',
  Service: 'services',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices',
  Event: 'events',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
};

const CLUSTER_SCOPED = new Set<ResourceName>(['namespaces', 'nodes']);

export function resourceOfKind(kind: string): ResourceName {
  const resource = RESOURCE_OF_KIND[kind];
  if (!resource) throw new Error(`scenario: kind ${kind} is not served by the embedded cluster`);
  return resource;
}

/** The Status reason of an ApiError (emulator/core/errors.ts), without importing its class. */
export function apiErrorReason(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { reason?: unknown; status?: { reason?: unknown } };
  if (typeof e.status?.reason === 'string') return e.status.reason;
  if (typeof e.reason === 'string') return e.reason;
  return undefined;
}

/**
 * Creates an object as `kubectl create -f` would in namespace `namespace`. An object that already
 * exists is left as it is (the store may pre-create the system namespaces), so loading a
 * scenario is idempotent for its fixed names.
 */
export function createObject(
  store: ClusterStore,
  object: KubeObject,
  namespace = 'default',
): KubeObject {
  const resource = resourceOfKind(object.kind);
  const copy = structuredClone(object);
  if (!CLUSTER_SCOPED.has(resource)) copy.metadata.namespace ??= namespace;
  try {
    return store.create(resource, copy);
  } catch (error) {
    if (apiErrorReason(error) === 'AlreadyExists' && copy.metadata.name) {
      const existing = store.get(resource, copy.metadata.namespace ?? '', copy.metadata.name);
      if (existing) return existing;
    }
    throw error;
  }
}

/** Parses a multi-document YAML file into objects; blank documents are skipped. */
export async function readManifests(path: string): Promise<KubeObject[]> {
  const text = await readFile(path, 'utf8');
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
    }
    const value: unknown = document.toJSON();
    if (value === null || value === undefined) continue;
    const object = value as KubeObject;
    if (typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
      throw new Error(`${path}: a document without kind/apiVersion`);
    }
    objects.push(object);
  }
  return objects;
}

export function emptySummary(): ScenarioSummary {
  return { namespaces: 0, nodes: 0, services: 0, pods: 0, deployments: 0 };
}

export function countInto(summary: ScenarioSummary, kind: string, n = 1): void {
  if (kind === 'Namespace') summary.namespaces += n;
  else if (kind === 'Node') summary.nodes += n;
  else if (kind === 'Service') summary.services += n;
  else if (kind === 'Pod') summary.pods += n;
  else if (kind === 'Deployment') summary.deployments += n;
}

export function addSummaries(a: ScenarioSummary, b: ScenarioSummary): ScenarioSummary {
  return {
    namespaces: a.namespaces + b.namespaces,
    nodes: a.nodes + b.nodes,
    services: a.services + b.services,
    pods: a.pods + b.pods,
    deployments: a.deployments + b.deployments,
  };
}

/** mulberry32: a tiny, fast, seeded PRNG; good enough for names and shapes, never for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix in the apiserver's generateName alphabet (no vowels, no 0/1/3). */
export function randomSuffix(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
  }
  return out;
}
