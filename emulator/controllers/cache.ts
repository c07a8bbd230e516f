/**
 * The controllers' shared informer cache: one store subscription that keeps every object of the
 * kinds the controllers read, indexed by namespace (and EndpointSlices by their
 * `kubernetes.io/service-name` label), and fans the store's events out to the controllers'
 * handlers after the cache is updated. It plays the part of client-go's shared informers and
 * listers, so controllers never list the whole store on a hot path (150,000-pod scenarios).
 *
 * Objects are the store's frozen objects; clone before changing them.
 */
import type { ClusterStore, KubeObject, ResourceName, StoreEvent } from '../core/types';

export const CACHED_RESOURCES: ResourceName[] = [
  'namespaces',
  'nodes',
  'pods',
  'services',
  'endpoints',
  'endpointslices',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'controllerrevisions',
  'poddisruptionbudgets',
];

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

type Handler = (event: StoreEvent) => void;

export class ObjectCache {
  private readonly objects = new Map<ResourceName, Map<string, Map<string, KubeObject>>>();
  private readonly slicesByService = new Map<string, Set<string>>();
  private readonly handlers = new Set<Handler>();
  private unsubscribe: (() => void) | undefined;
  private users = 0;

  constructor(private readonly store: ClusterStore) {
    for (const resource of CACHED_RESOURCES) this.objects.set(resource, new Map());
  }

  /** Reference-counted: the first controller to start fills the cache and subscribes. */
  start(): void {
    this.users++;
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.subscribe((event) => this.onEvent(event));
    for (const resource of CACHED_RESOURCES) {
      for (const object of this.store.list(resource)) this.put(resource, object);
    }
  }

  stop(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.unsubscribe) return;
    this.unsubscribe();
    this.unsubscribe = undefined;
    for (const map of this.objects.values()) map.clear();
    this.slicesByService.clear();
  }

  on(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  get(resource: ResourceName, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(resource)?.get(namespace)?.get(name);
  }

  /** Objects of a kind in one namespace, or in all namespaces when `namespace` is undefined. */
  *list(resource: ResourceName, namespace?: string): Iterable<KubeObject> {
    const byNamespace = this.objects.get(resource);
    if (!byNamespace) return;
    if (namespace !== undefined) {
      const map = byNamespace.get(namespace);
      if (map) yield* map.values();
      return;
    }
    for (const map of byNamespace.values()) yield* map.values();
  }

  namespaces(resource: ResourceName): string[] {
    return [...(this.objects.get(resource)?.keys() ?? [])];
  }

  /** EndpointSlices labelled `kubernetes.io/service-name=<name>` in a namespace. */
  slicesForService(namespace: string, serviceName: string): KubeObject[] {
    const names = this.slicesByService.get(`${namespace}/${serviceName}`);
    if (!names) return [];
    const out: KubeObject[] = [];
    for (const name of names) {
      const slice = this.get('endpointslices', namespace, name);
      if (slice) out.push(slice);
    }
    return out;
  }

  private onEvent(event: StoreEvent): void {
    if (!this.objects.has(event.resource)) {
      for (const handler of this.handlers) handler(event);
      return;
    }
    if (event.type === 'DELETED') this.remove(event.resource, event.object);
    else {
      if (event.previous) this.unindex(event.resource, event.previous);
      this.put(event.resource, event.object);
    }
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        console.error('controller event handler failed', error);
      }
    }
  }

  private put(resource: ResourceName, object: KubeObject): void {
    const byNamespace = this.objects.get(resource);
    if (!byNamespace) return;
    const namespace = object.metadata.namespace ?? '';
    let map = byNamespace.get(namespace);
    if (!map) byNamespace.set(namespace, (map = new Map()));
    map.set(object.metadata.name ?? '', object);
    if (resource === 'endpointslices') {
      const service = object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (service !== undefined) {
        const key = `${namespace}/${service}`;
        let set = this.slicesByService.get(key);
        if (!set) this.slicesByService.set(key, (set = new Set()));
        set.add(object.metadata.name ?? '');
      }
    }
  }

  private remove(resource: ResourceName, object: KubeObject): void {
    const namespace = object.metadata.namespace ?? '';
    const map = this.objects.get(resource)?.get(namespace);
    map?.delete(object.metadata.name ?? '');
    if (map && map.size === 0) this.objects.get(resource)?.delete(namespace);
    this.unindex(resource, object);
  }

  private unindex(resource: ResourceName, object: KubeObject): void {
    if (resource !== 'endpointslices') return;
    const service = object.metadata.labels?.[SERVICE_NAME_LABEL];
    if (service === undefined) return;
    const key = `${object.metadata.namespace ?? ''}/${service}`;
    const set = this.slicesByService.get(key);
    set?.delete(object.metadata.name ?? '');
    if (set && set.size === 0) this.slicesByService.delete(key);
  }
}
