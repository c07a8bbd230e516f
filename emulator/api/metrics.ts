/**
 * The embedded apiserver's /metrics: the Prometheus text kube-apiserver serves, reduced to the
 * one family a client's footprint is judged by — `apiserver_longrunning_requests`, the open
 * WATCH requests per group, version, resource and scope (the gauge kube-apiserver keeps in
 * k8s.io/apiserver/pkg/endpoints/metrics, with the same labels). Benchmarks and tests read it to
 * count the upstream watches a dashboard holds, from the cluster's side.
 */

/** What an open watch is counted under (`scope`: cluster, namespace, or one named resource). */
export interface WatchLabels {
  group: string;
  version: string;
  resource: string;
  scope: 'cluster' | 'namespace' | 'resource';
}

const FAMILY = 'apiserver_longrunning_requests';

/** Prometheus label values escape backslash, double quote and newline. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The exposition text (format 0.0.4) for the open watches given; one sample per label set. */
export function renderMetrics(openWatches: Iterable<WatchLabels>): string {
  const counts = new Map<string, number>();
  for (const w of openWatches) {
    const labels = [
      `component="apiserver"`,
      `group="${labelValue(w.group)}"`,
      `resource="${labelValue(w.resource)}"`,
      `scope="${w.scope}"`,
      `subresource=""`,
      `verb="WATCH"`,
      `version="${labelValue(w.version)}"`,
    ].join(',');
    counts.set(labels, (counts.get(labels) ?? 0) + 1);
  }
  const lines = [
    `# HELP ${FAMILY} [ALPHA] Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.`,
    `# TYPE ${FAMILY} gauge`,
    ...[...counts.keys()].sort().map((labels) => `${FAMILY}{${labels}} ${counts.get(labels)}`),
  ];
  return `${lines.join('\n')}\n`;
}
