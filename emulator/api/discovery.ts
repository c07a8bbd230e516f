/**
 * Discovery documents and /version, as a 1.27–1.33 apiserver serves them: legacy
 * `APIVersions`/`APIGroupList`/`APIResourceList`, and aggregated `APIGroupDiscoveryList`
 * (apidiscovery.k8s.io v2 and v2beta1) when the Accept header asks for it. client-go picks the
 * format from the response Content-Type, so that header must name exactly what was offered.
 */
import { GROUP_VERSIONS, servedIn, type ServedResource } from '../core/resources';

type Json = Record<string, unknown>;

export function apiVersions(serverAddress: string): Json {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, version: string): Json {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): Json {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: GROUP_VERSIONS.map((g) => groupEntry(g.group, g.version)),
  };
}

function legacyResources(info: ServedResource): Json[] {
  const main: Json = {
    name: info.resource,
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: info.verbs,
  };
  if (info.shortNames) main.shortNames = info.shortNames;
  if (info.categories) main.categories = info.categories;
  const subs = info.subresources.map((s) => {
    const entry: Json = {
      name: `${info.resource}/${s.name}`,
      singularName: '',
      namespaced: info.namespaced,
    };
    if (s.group !== undefined) {
      entry.group = s.group;
      entry.version = s.version;
    }
    entry.kind = s.kind;
    entry.verbs = s.verbs;
    return entry;
  });
  return [main, ...subs];
}

/** APIResourceList for `/api/v1` (group "") or `/apis/<group>/<version>`; undefined if unknown. */
export function apiResourceList(group: string, version: string, minor: number): Json | undefined {
  const served = servedIn(group, version, minor);
  if (served.length === 0) return undefined;
  const list: Json = { kind: 'APIResourceList' };
  if (group) list.apiVersion = 'v1';
  list.groupVersion = group ? `${group}/${version}` : version;
  list.resources = served
    .sort((a, b) => a.resource.localeCompare(b.resource))
    .flatMap(legacyResources);
  return list;
}

function aggregatedResource(info: ServedResource): Json {
  const entry: Json = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: info.verbs,
  };
  if (info.shortNames) entry.shortNames = info.shortNames;
  if (info.categories) entry.categories = info.categories;
  if (info.subresources.length > 0) {
    entry.subresources = info.subresources.map((s) => ({
      subresource: s.name,
      responseKind: {
        group: s.group ?? info.group,
        version: s.version ?? info.version,
        kind: s.kind,
      },
      verbs: s.verbs,
    }));
  }
  return entry;
}

function aggregatedGroup(group: string, version: string, minor: number): Json {
  const resources = servedIn(group, version, minor)
    .sort((a, b) => a.resource.localeCompare(b.resource))
    .map(aggregatedResource);
  const metadata: Json = group
    ? { name: group, creationTimestamp: null }
    : { creationTimestamp: null };
  return { metadata, versions: [{ version, resources, freshness: 'Current' }] };
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** `/api` (core) or `/apis` (all groups) in aggregated form. */
export function aggregatedDiscovery(
  which: 'api' | 'apis',
  version: AggregatedVersion,
  minor: number,
): Json {
  const items =
    which === 'api'
      ? [aggregatedGroup('', 'v1', minor)]
      : GROUP_VERSIONS.map((g) => aggregatedGroup(g.group, g.version, minor));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items,
  };
}

export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/**
 * Which aggregated discovery version the Accept header asks for, in the client's order of
 * preference, or undefined when it only accepts plain JSON (legacy discovery).
 */
export function negotiateAggregated(accept: string | null): AggregatedVersion | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = part
      .split(';')
      .map((p) => p.trim())
      .slice(1);
    const get = (k: string) => params.find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1);
    if (get('g') !== 'apidiscovery.k8s.io' || get('as') !== 'APIGroupDiscoveryList') continue;
    const v = get('v');
    if (v === 'v2' || v === 'v2beta1') return v;
  }
  return undefined;
}

const GO_VERSIONS: Record<number, string> = {
  27: 'go1.20.13',
  28: 'go1.20.13',
  29: 'go1.21.13',
  30: 'go1.22.12',
  31: 'go1.22.12',
  32: 'go1.23.8',
  33: 'go1.24.2',
};

/**
 * `/version` for the reported minor; kubectl's dispatcher picks `kubectl.1.<minor>` from it.
 * gitVersion carries the build metadata `+switchboard` (as k3s reports `v1.33.0+k3s1`): this is
 * how any client, the dashboard among them, tells the embedded cluster from a real one.
 */
export function versionInfo(minor: number): Json {
  const info: Json = {
    major: '1',
    minor: String(minor),
  };
  if (minor >= 33) {
    info.emulationMajor = '1';
    info.emulationMinor = String(minor);
    info.minCompatibilityMajor = '1';
    info.minCompatibilityMinor = String(minor - 1);
  }
  Object.assign(info, {
    gitVersion: `v1.${minor}.0+switchboard`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: GO_VERSIONS[minor] ?? 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  });
  return info;
}
