/**
 * Diagnosis: why a Service routes nowhere (or badly) — the kubernetes.io "Debug Services" runbook
 * done for you, with the evidence (objects and fields) and the kubectl commands that show the same.
 *
 * Contract (issue 5 item 1): pure and isomorphic; reason codes are stable kebab-case strings
 * (REASON_CODES); every reason has a one-line `summary`, `evidence` and `commands`. Reasons are
 * ordered worst-first (severity, then the order of REASON_CODES: symptom before cause). Health:
 * any error → 'broken', warnings only → 'warning', otherwise 'healthy' (with a `healthy` reason).
 * It reads the same routing as the map (routing.ts), so the panel never contradicts the graph.
 * ExternalName resolution is looked up server-side; this module only reads `dnsResults`.
 *
 * Severity choices that are judgement calls (documented here, tested in diagnosis.test.ts):
 * - pods-not-ready: error when the Service has no ready endpoint, else warning (reduced capacity).
 * - pods-terminating: error when no endpoint is ready, else info (a rollout in progress).
 * - target-port-not-served: a named targetPort no matched pod declares = error; declared by some
 *   pods only = warning; a numeric targetPort no container declares = warning, but info when the
 *   pods declare no ports at all (declaring ports is optional and commonly skipped).
 * - endpoint-address-foreign-pod-ip: warning — it routes, but across namespaces (CVE-2021-25740).
 */
import { isLinkLocal, isLoopback, ipFamily, parseIp } from './ip';
import type { EndpointNode, HealthState, Topology } from './model';
import type { ClusterSnapshot, EndpointsRecord, PodRecord, ServiceRecord } from './records';
import {
  CONTROLLER_MANAGED_BY,
  isTerminalPod,
  originOf,
  resolveServiceRouting,
  seedRoutingFromTopology,
  serviceId,
  targetsPod,
  type ServiceRouting,
} from './routing';
import { isSelectorless, selectorEntries, selectorToString } from './selector';
import { indexSnapshot, objectKey, type SnapshotIndex } from './snapshot-index';

/** Stable reason codes, in tie-break order (within one severity, earlier sorts first). */
export const REASON_CODES = [
  'no-endpoints',
  'selectorless-no-endpoints',
  'no-ready-endpoints',
  'external-name-unresolved',
  'selector-matches-no-pods',
  'pods-not-ready',
  'pods-terminating',
  'target-port-not-served',
  'port-name-mismatch',
  'mirroring-refused',
  'endpoint-address-loopback',
  'endpoint-address-link-local',
  'endpoint-address-is-cluster-ip',
  'endpoint-address-foreign-pod-ip',
  'endpoint-target-missing',
  'manual-endpoints-with-selector',
  'endpoints-slices-disagree',
  'endpoints-truncated',
  'healthy',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

/** One object field that proves a reason. `value` is what the cluster holds, as text. */
export interface Evidence {
  kind: string;
  namespace: string;
  name: string;
  field: string;
  value: string;
}

/** A pod that almost matches a selector (or matches it in another namespace). */
export interface NearMiss {
  kind: 'Pod';
  namespace: string;
  name: string;
  /**
   * value-typo: one selector value is misspelt on the pod (`app: ngnix` vs `nginx`);
   * key-typo: the pod carries the value under a similar key; value-differs / key-missing: every
   * other selector pair matches; other-namespace: the whole selector matches, elsewhere.
   */
  match: 'value-typo' | 'key-typo' | 'value-differs' | 'key-missing' | 'other-namespace';
  /** The selector key that differs (absent for other-namespace). */
  key?: string;
  expected?: string;
  /** What the pod has instead (its value, or `key2=value` for a key typo). */
  actual?: string;
  /** One line for the panel, e.g. `pod web-1 has app=ngnix, the selector wants app=nginx`. */
  hint: string;
}

/** Why one pod is not (or not fully) an endpoint. */
export interface PodProblem {
  namespace: string;
  name: string;
  why: string;
}

export interface DiagnosisReason {
  code: ReasonCode;
  severity: Severity;
  summary: string;
  detail?: string;
  evidence: Evidence[];
  commands: string[];
  nearMisses?: NearMiss[];
  pods?: PodProblem[];
}

export interface ServiceDiagnosis {
  serviceId: string;
  namespace: string;
  name: string;
  health: HealthState;
  reasons: DiagnosisReason[];
}

export type DnsResults = Record<string, { ok: boolean; error?: string }>;

export interface DiagnosisContext {
  index: SnapshotIndex;
  dnsResults?: DnsResults;
}

/** Evidence lists are capped so one broken 5,000-pod Service does not produce a megabyte. */
const MAX_EVIDENCE = 20;
const MAX_NEAR_MISSES = 10;
const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
const MIRROR_MAX_PER_SUBSET = 1000;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CODE_RANK = new Map<ReasonCode, number>(REASON_CODES.map((c, i) => [c, i]));

export function createDiagnosisContext(
  snapshot: ClusterSnapshot,
  options: { index?: SnapshotIndex; dnsResults?: DnsResults | undefined } = {},
): DiagnosisContext {
  const context: DiagnosisContext = { index: options.index ?? indexSnapshot(snapshot) };
  if (options.dnsResults) context.dnsResults = options.dnsResults;
  return context;
}

export function healthOf(reasons: readonly DiagnosisReason[]): HealthState {
  let warning = false;
  for (const r of reasons) {
    if (r.severity === 'error') return 'broken';
    if (r.severity === 'warning') warning = true;
  }
  return warning ? 'warning' : 'healthy';
}

function sortReasons(reasons: DiagnosisReason[]): DiagnosisReason[] {
  return reasons.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!,
  );
}

function plural(n: number, one: string, many = one + (one.endsWith('s') ? 'es' : 's')): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps: `ngnix` → `nginx` is 1). */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const prev = rows[i - 1]!;
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Close enough to be a typo: 1 edit for words up to 7 characters, 2 beyond (`v1`/`v2` yes, `db`/`web` no). */
export function isSimilar(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const limit = Math.min(2, Math.max(1, Math.floor(Math.max(a.length, b.length) / 4)));
  return editDistance(a, b, limit) <= limit;
}

const NEAR_MISS_RANK: Record<NearMiss['match'], number> = {
  'value-typo': 0,
  'key-typo': 1,
  'value-differs': 2,
  'key-missing': 3,
  'other-namespace': 4,
};

/**
 * Pods that almost match `selector` in `namespace` (one key or value off), and pods in other
 * namespaces that match it entirely. Uses the label postings: cost is the namespace's distinct
 * labels plus the candidate pods, never a scan of every pod.
 */
export function findNearMisses(
  index: SnapshotIndex,
  namespace: string,
  selector: Record<string, string>,
  limit = MAX_NEAR_MISSES,
): NearMiss[] {
  const entries = selectorEntries(selector);
  const postings = index.labelPostings(namespace);
  const found = new Map<string, NearMiss>();
  const add = (pod: PodRecord, miss: Omit<NearMiss, 'kind' | 'namespace' | 'name'>) => {
    const prev = found.get(pod.meta.uid);
    if (prev && NEAR_MISS_RANK[prev.match] <= NEAR_MISS_RANK[miss.match]) return;
    found.set(pod.meta.uid, {
      kind: 'Pod',
      namespace: pod.meta.namespace,
      name: pod.meta.name,
      ...miss,
    });
  };
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const others = entries.filter((_, j) => j !== i);
    const othersMatch = (pod: PodRecord) => others.every(([k, v]) => pod.meta.labels?.[k] === v);
    for (const [v, pods] of postings.get(key) ?? []) {
      if (v === value || !isSimilar(v, value)) continue;
      for (const pod of pods) {
        if (!othersMatch(pod)) continue;
        add(pod, {
          match: 'value-typo',
          key,
          expected: value,
          actual: v,
          hint: `pod ${pod.meta.name} has ${key}=${v}, the selector wants ${key}=${value}`,
        });
      }
    }
    for (const [k2, values] of postings) {
      if (k2 === key || !isSimilar(k2, key)) continue;
      for (const pod of values.get(value) ?? []) {
        if (pod.meta.labels?.[key] !== undefined || !othersMatch(pod)) continue;
        add(pod, {
          match: 'key-typo',
          key,
          expected: value,
          actual: `${k2}=${value}`,
          hint: `pod ${pod.meta.name} has ${k2}=${value}, the selector wants ${key}=${value}`,
        });
      }
    }
    if (others.length === 0) continue;
    let base: PodRecord[] | undefined;
    for (const [k, v] of others) {
      const list = postings.get(k)?.get(v);
      if (!list) {
        base = [];
        break;
      }
      if (!base || list.length < base.length) base = list;
    }
    for (const pod of base ?? []) {
      const actual = pod.meta.labels?.[key];
      if (actual === value || !othersMatch(pod)) continue;
      add(
        pod,
        actual === undefined
          ? {
              match: 'key-missing',
              key,
              expected: value,
              hint: `pod ${pod.meta.name} matches all but ${key}, which it does not have (the selector wants ${key}=${value})`,
            }
          : {
              match: 'value-differs',
              key,
              expected: value,
              actual,
              hint: `pod ${pod.meta.name} matches all but ${key}: it has ${key}=${actual}, the selector wants ${key}=${value}`,
            },
      );
    }
  }
  const local = [...found.values()].sort(
    (a, b) =>
      NEAR_MISS_RANK[a.match] - NEAR_MISS_RANK[b.match] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const elsewhere: NearMiss[] = [];
  const namespaces = [...index.podsByNamespace.keys()].filter((ns) => ns !== namespace).sort();
  for (const ns of namespaces) {
    if (elsewhere.length >= limit) break;
    for (const pod of index.selectPods(ns, selector)) {
      if (isTerminalPod(pod)) continue;
      elsewhere.push({
        kind: 'Pod',
        namespace: ns,
        name: pod.meta.name,
        match: 'other-namespace',
        hint: `pod ${ns}/${pod.meta.name} matches the selector, but in namespace ${ns}`,
      });
      if (elsewhere.length >= limit) break;
    }
  }
  // Local typos first, but keep room for the other-namespace hint: it is often the whole answer.
  const keepLocal = Math.max(limit - Math.min(elsewhere.length, 3), 0);
  return [...local.slice(0, keepLocal), ...elsewhere].slice(0, limit);
}

/** Why a matched pod is not a ready endpoint, in plain words. */
export function whyPodNotReady(pod: PodRecord): string {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    return `phase ${pod.phase}: finished pods are never endpoints`;
  }
  if (!pod.scheduled) {
    const reason = pod.readyReason ?? 'Unschedulable';
    return `not scheduled (${reason}${pod.readyMessage ? `: ${pod.readyMessage}` : ''})`;
  }
  const waiting = pod.containers.find((c) => c.state === 'waiting');
  if (waiting) {
    const crash = waiting.reason === 'CrashLoopBackOff';
    return (
      `container ${waiting.name} ${crash ? 'is crash-looping' : 'is waiting'}` +
      `${waiting.reason ? ` (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''})` : ''}` +
      `${waiting.restartCount > 0 ? `, ${plural(waiting.restartCount, 'restart')}` : ''}`
    );
  }
  const terminated = pod.containers.find((c) => c.state === 'terminated');
  if (terminated) {
    return `container ${terminated.name} terminated${terminated.reason ? ` (${terminated.reason})` : ''}`;
  }
  if (!pod.podIP && !(pod.podIPs && pod.podIPs.length)) return `no pod IP yet (phase ${pod.phase})`;
  const unready = pod.containers.filter((c) => !c.ready);
  if (unready.length > 0 && unready.every((c) => c.state === 'running')) {
    return (
      `readiness probe failing on container ${unready.map((c) => c.name).join(', ')}` +
      `${pod.readyMessage ? ` (${pod.readyMessage})` : ''}`
    );
  }
  return `Ready=False${pod.readyReason ? ` (${pod.readyReason}${pod.readyMessage ? `: ${pod.readyMessage}` : ''})` : ''}`;
}

interface Ctx {
  svc: ServiceRecord;
  ns: string;
  name: string;
  index: SnapshotIndex;
  routing: ServiceRouting;
  reasons: DiagnosisReason[];
  cmd: {
    svc: string;
    slices: string;
    endpoints: string;
    pods: string;
  };
}

function svcEvidence(c: Ctx, field: string, value: string): Evidence {
  return { kind: 'Service', namespace: c.ns, name: c.name, field, value };
}

function endpointEvidence(ep: EndpointNode, field: string, value: string): Evidence {
  const kind = ep.origin === 'legacy-endpoints' ? 'Endpoints' : 'EndpointSlice';
  return { kind, namespace: ep.namespace, name: ep.sources[0] ?? '', field, value };
}

function podEvidence(pod: PodRecord, field: string, value: string): Evidence {
  return { kind: 'Pod', namespace: pod.meta.namespace, name: pod.meta.name, field, value };
}

function describePodCmd(pod: PodRecord): string {
  return `kubectl describe pod -n ${pod.meta.namespace} ${pod.meta.name}`;
}

function checkEndpointCounts(c: Ctx, readyCount: number): void {
  const eps = c.routing.endpoints;
  const selectorless = isSelectorless(c.svc.selector);
  if (eps.length === 0) {
    const sliceEvidence: Evidence[] = c.routing.slices.length
      ? c.routing.slices.map((s) => ({
          kind: 'EndpointSlice',
          namespace: c.ns,
          name: s.meta.name,
          field: 'endpoints',
          value: '[]',
        }))
      : [svcEvidence(c, 'EndpointSlices labelled kubernetes.io/service-name=' + c.name, 'none')];
    if (selectorless) {
      c.reasons.push({
        code: 'selectorless-no-endpoints',
        severity: 'error',
        summary:
          'Selector-less Service with no endpoints: nothing will create them for it, so it routes nowhere.',
        detail:
          `A Service without a selector gets its endpoints by hand: an EndpointSlice labelled ` +
          `kubernetes.io/service-name=${c.name} in namespace ${c.ns} (or an Endpoints object named ` +
          `${c.name}, which the mirroring controller copies into a slice).`,
        evidence: [svcEvidence(c, 'spec.selector', '(none)'), ...sliceEvidence],
        commands: [c.cmd.svc, c.cmd.slices, c.cmd.endpoints],
      });
    } else {
      c.reasons.push({
        code: 'no-endpoints',
        severity: 'error',
        summary: 'The Service has no endpoints at all: it routes nowhere.',
        evidence: [
          svcEvidence(c, 'spec.selector', selectorToString(c.svc.selector)),
          ...sliceEvidence,
        ],
        commands: [c.cmd.slices, c.cmd.pods],
      });
    }
  } else if (readyCount === 0) {
    c.reasons.push({
      code: 'no-ready-endpoints',
      severity: 'error',
      summary: `The Service has ${plural(eps.length, 'endpoint')} but none is ready: it routes nowhere.`,
      evidence: eps
        .slice(0, MAX_EVIDENCE)
        .map((ep) =>
          endpointEvidence(ep, `endpoints[${ep.address}].conditions`, conditionText(ep)),
        ),
      commands: [c.cmd.slices, c.cmd.pods],
    });
  }
}

function conditionText(ep: EndpointNode): string {
  return `ready=${ep.ready}, serving=${ep.serving}, terminating=${ep.terminating}`;
}

function checkSelector(c: Ctx, selected: PodRecord[], readyCount: number): void {
  const selector = c.svc.selector!;
  const selText = selectorToString(selector);
  if (selected.length === 0) {
    const nearMisses = findNearMisses(c.index, c.ns, selector);
    const inNs = c.index.podsByNamespace.get(c.ns)?.length ?? 0;
    const first = nearMisses[0];
    const reason: DiagnosisReason = {
      code: 'selector-matches-no-pods',
      severity: 'error',
      summary:
        `The selector ${selText} matches none of the ${plural(inNs, 'pod')} in namespace ${c.ns}` +
        (first ? ` (closest: ${first.hint})` : '') +
        '.',
      evidence: [svcEvidence(c, 'spec.selector', selText)],
      commands: [
        c.cmd.svc,
        `kubectl get pods -n ${c.ns} --show-labels`,
        `kubectl get pods --all-namespaces -l ${selText} -o wide`,
      ],
    };
    if (nearMisses.length) {
      reason.nearMisses = nearMisses;
      for (const m of nearMisses.slice(0, 5)) {
        const field = m.key ? `metadata.labels.${m.key}` : 'metadata.labels';
        reason.evidence.push({
          kind: 'Pod',
          namespace: m.namespace,
          name: m.name,
          field,
          value: m.actual ?? (m.match === 'other-namespace' ? selText : '(absent)'),
        });
      }
    }
    c.reasons.push(reason);
    return;
  }

  const live = selected.filter((p) => !isTerminalPod(p));
  const notReady = selected.filter(
    (p) => (!p.ready || isTerminalPod(p)) && p.meta.deletionTimestamp === undefined,
  );
  const publish = c.svc.publishNotReadyAddresses === true;
  if (notReady.length > 0) {
    const pods = notReady.map((p) => ({
      namespace: p.meta.namespace,
      name: p.meta.name,
      why: whyPodNotReady(p),
    }));
    const firstWhy = pods[0]!.why;
    c.reasons.push({
      code: 'pods-not-ready',
      severity: readyCount === 0 ? 'error' : 'warning',
      summary:
        `${plural(notReady.length, 'pod')} of ${selected.length} matched ${notReady.length === 1 ? 'is' : 'are'} not ready` +
        ` (${notReady.length === 1 ? '' : 'e.g. '}${notReady[0]!.meta.name}: ${firstWhy})` +
        (publish ? '; publishNotReadyAddresses routes to them anyway.' : '.'),
      evidence: notReady
        .slice(0, MAX_EVIDENCE)
        .map((p) =>
          podEvidence(
            p,
            'status.conditions[Ready]',
            `False${p.readyReason ? ` (${p.readyReason})` : ''}`,
          ),
        ),
      commands: [
        `kubectl get pods -n ${c.ns} -l ${selText} -o wide`,
        ...notReady.slice(0, 3).map(describePodCmd),
      ],
      pods,
    });
  }

  const terminatingPods = selected.filter((p) => p.meta.deletionTimestamp !== undefined);
  const terminatingEps = c.routing.endpoints.filter((e) => e.terminating);
  if (terminatingPods.length > 0 || terminatingEps.length > 0) {
    const n = Math.max(terminatingPods.length, terminatingEps.length);
    c.reasons.push({
      code: 'pods-terminating',
      severity: readyCount === 0 ? 'error' : 'info',
      summary:
        `${plural(n, 'pod')} ${n === 1 ? 'is' : 'are'} terminating` +
        (readyCount === 0
          ? ' and nothing else is ready.'
          : ` (${plural(readyCount, 'ready endpoint')} left).`),
      evidence: [
        ...terminatingPods
          .slice(0, MAX_EVIDENCE)
          .map((p) => podEvidence(p, 'metadata.deletionTimestamp', p.meta.deletionTimestamp!)),
        ...terminatingEps
          .slice(0, Math.max(0, MAX_EVIDENCE - terminatingPods.length))
          .map((ep) =>
            endpointEvidence(ep, `endpoints[${ep.address}].conditions.terminating`, 'true'),
          ),
      ],
      commands: [`kubectl get pods -n ${c.ns} -l ${selText} -o wide`, c.cmd.slices],
      pods: terminatingPods.map((p) => ({
        namespace: p.meta.namespace,
        name: p.meta.name,
        why: 'terminating',
      })),
    });
  }

  if (live.length > 0) checkTargetPorts(c, live, selText);
}

function checkTargetPorts(c: Ctx, pods: PodRecord[], selText: string): void {
  const portsCmd =
    `kubectl get pods -n ${c.ns} -l ${selText} -o ` +
    `jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].ports}{"\\n"}{end}'`;
  c.svc.ports.forEach((sp, i) => {
    const target = sp.targetPort ?? sp.port;
    const portLabel = sp.name ? `${sp.name} (${sp.port})` : String(sp.port);
    if (typeof target === 'string') {
      const lacking = pods.filter(
        (p) => !p.containerPorts.some((cp) => cp.name === target && cp.protocol === sp.protocol),
      );
      if (lacking.length === 0) return;
      const none = lacking.length === pods.length;
      c.reasons.push({
        code: 'target-port-not-served',
        severity: none ? 'error' : 'warning',
        summary: none
          ? `Port ${portLabel} targets the named port "${target}", which none of the ${plural(pods.length, 'matched pod')} declares: that port routes nowhere.`
          : `Port ${portLabel} targets the named port "${target}", which ${plural(lacking.length, 'matched pod')} of ${pods.length} do not declare.`,
        detail: `A named targetPort must match a containerPort name (and protocol ${sp.protocol}) in the pod spec.`,
        evidence: [
          svcEvidence(c, `spec.ports[${i}].targetPort`, target),
          ...lacking
            .slice(0, MAX_EVIDENCE - 1)
            .map((p) => podEvidence(p, 'spec.containers[*].ports', portsText(p))),
        ],
        commands: [c.cmd.svc, portsCmd],
      });
      return;
    }
    const declares = (p: PodRecord) =>
      p.containerPorts.some((cp) => cp.containerPort === target && cp.protocol === sp.protocol);
    if (pods.some(declares)) return;
    const nothingDeclared = pods.every((p) => p.containerPorts.length === 0);
    const sample = pods[0]!;
    c.reasons.push({
      code: 'target-port-not-served',
      severity: nothingDeclared ? 'info' : 'warning',
      summary: nothingDeclared
        ? `Port ${portLabel} targets ${target}; the pods declare no container ports, so nothing confirms they listen there.`
        : `Port ${portLabel} targets ${target}, but no container of the matched pods declares it (they declare ${portsText(sample)}).`,
      detail:
        'A numeric targetPort is used as-is; if nothing listens on it, connections are refused.',
      evidence: [
        svcEvidence(c, `spec.ports[${i}].targetPort`, String(target)),
        ...pods.slice(0, 3).map((p) => podEvidence(p, 'spec.containers[*].ports', portsText(p))),
      ],
      commands: [c.cmd.svc, portsCmd],
    });
  });
}

function portsText(pod: PodRecord): string {
  if (pod.containerPorts.length === 0) return '(none)';
  return pod.containerPorts
    .map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol}`)
    .join(', ');
}

/** Port names the non-controller endpoints of this Service offer, per source object. */
function checkPortNames(c: Ctx): void {
  if (c.svc.ports.length === 0) return;
  const sources: { kind: string; name: string; names: (string | undefined)[] }[] = [];
  if (c.routing.usesLegacy && c.routing.legacy) {
    const names = c.routing.legacy.subsets.flatMap((s) => s.ports.map((p) => p.name));
    if (c.routing.endpoints.length)
      sources.push({ kind: 'Endpoints', name: c.routing.legacy.meta.name, names });
  } else {
    for (const slice of c.routing.slices) {
      if (originOf(slice.managedBy) === 'controller' || slice.endpoints.length === 0) continue;
      sources.push({
        kind: 'EndpointSlice',
        name: slice.meta.name,
        names: slice.ports.map((p) => p.name),
      });
    }
  }
  if (sources.length === 0) return;
  const offered = new Set(sources.flatMap((s) => s.names.map((n) => n ?? '')));
  c.svc.ports.forEach((sp, i) => {
    const want = sp.name ?? '';
    if (offered.has(want)) return;
    const have = [...offered].map((n) => (n === '' ? '(unnamed)' : `"${n}"`)).join(', ');
    c.reasons.push({
      code: 'port-name-mismatch',
      severity: 'error',
      summary:
        `Service port ${want ? `"${want}"` : '(unnamed)'} (${sp.port}) has no endpoint port of the same name ` +
        `(the endpoints name theirs ${have || 'nothing'}), so traffic to it goes nowhere.`,
      detail:
        'For hand-made endpoints kube-proxy pairs a Service port with the endpoint port of the same name; ' +
        'the numbers do not matter, the names must be equal (both empty for an unnamed port).',
      evidence: [
        svcEvidence(c, `spec.ports[${i}].name`, want || '(unnamed)'),
        ...sources.map((s) => ({
          kind: s.kind,
          namespace: c.ns,
          name: s.name,
          field: s.kind === 'Endpoints' ? 'subsets[*].ports[*].name' : 'ports[*].name',
          value: s.names.map((n) => n || '(unnamed)').join(', ') || '(no ports)',
        })),
      ],
      commands: [
        c.cmd.svc,
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices.replace('-o wide', '-o yaml'),
      ],
    });
  });
}

function isManualEndpoints(ep: EndpointsRecord): boolean {
  const managedBy = ep.meta.labels?.[ENDPOINTS_MANAGED_BY];
  if (managedBy !== undefined) return managedBy !== 'endpoint-controller';
  if (ep.meta.annotations?.['switchboard.dev/created-by']) return true;
  // Before 1.33 the controller set no label, but it always writes a Pod targetRef per address.
  for (const s of ep.subsets) {
    for (const a of s.addresses) if (a.targetRef?.kind !== 'Pod') return true;
    for (const a of s.notReadyAddresses) if (a.targetRef?.kind !== 'Pod') return true;
  }
  return false;
}

function checkManualWithSelector(c: Ctx): boolean {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  const legacy = c.routing.legacy;
  const manualLegacy = legacy !== undefined && isManualEndpoints(legacy);
  if (manualLegacy) {
    parts.push(
      `the hand-written Endpoints ${legacy.meta.name} will be overwritten by the endpoints controller`,
    );
    evidence.push({
      kind: 'Endpoints',
      namespace: c.ns,
      name: legacy.meta.name,
      field: `metadata.labels.${ENDPOINTS_MANAGED_BY}`,
      value: legacy.meta.labels?.[ENDPOINTS_MANAGED_BY] ?? '(absent)',
    });
  }
  const foreign = c.routing.slices.filter((s) => s.managedBy !== CONTROLLER_MANAGED_BY);
  if (foreign.length) {
    parts.push(
      `${plural(foreign.length, 'EndpointSlice')} not written by the controller (${foreign.map((s) => s.meta.name).join(', ')}) ` +
        'add endpoints the selector does not explain',
    );
    for (const s of foreign.slice(0, MAX_EVIDENCE)) {
      evidence.push({
        kind: 'EndpointSlice',
        namespace: c.ns,
        name: s.meta.name,
        field: 'metadata.labels.endpointslice.kubernetes.io/managed-by',
        value: s.managedBy ?? '(absent)',
      });
    }
  }
  if (parts.length === 0) return false;
  c.reasons.push({
    code: 'manual-endpoints-with-selector',
    severity: 'warning',
    summary: `Hand-made endpoints on a Service with a selector: ${parts.join('; ')}.`,
    detail:
      'Either remove the selector (then the endpoints are yours to manage) or remove the hand-made objects.',
    evidence: [svcEvidence(c, 'spec.selector', selectorToString(c.svc.selector)), ...evidence],
    commands: [c.cmd.svc, c.cmd.endpoints, c.cmd.slices],
  });
  return manualLegacy;
}

/** Selector-less Service with a v1 Endpoints whose addresses did not all reach an EndpointSlice. */
function checkMirroring(c: Ctx): boolean {
  const legacy = c.routing.legacy;
  if (!legacy) return false;
  const sliceAddresses = new Set<string>();
  let sliceEndpoints = 0;
  for (const s of c.routing.slices) {
    for (const e of s.endpoints) {
      if (e.addresses[0] !== undefined) sliceAddresses.add(e.addresses[0]);
      sliceEndpoints++;
    }
  }
  const missing: string[] = [];
  const invalid: string[] = [];
  let oversized = 0;
  for (const subset of legacy.subsets) {
    const n = subset.addresses.length + subset.notReadyAddresses.length;
    if (n > MIRROR_MAX_PER_SUBSET) oversized = Math.max(oversized, n);
    for (const a of [...subset.addresses, ...subset.notReadyAddresses]) {
      if (!parseIp(a.ip)) invalid.push(a.ip);
      if (!sliceAddresses.has(a.ip)) missing.push(a.ip);
    }
  }
  if (missing.length === 0) return false;
  const skip = legacy.meta.labels?.[SKIP_MIRROR_LABEL] === 'true';
  const why: string[] = [];
  const evidence: Evidence[] = [];
  const epRef = { kind: 'Endpoints', namespace: c.ns, name: legacy.meta.name };
  if (skip) {
    why.push(`it carries ${SKIP_MIRROR_LABEL}=true`);
    evidence.push({ ...epRef, field: `metadata.labels.${SKIP_MIRROR_LABEL}`, value: 'true' });
  }
  if (oversized) {
    why.push(
      `a subset has ${oversized} addresses and at most ${MIRROR_MAX_PER_SUBSET} are mirrored`,
    );
    evidence.push({ ...epRef, field: 'subsets[*].addresses', value: `${oversized} addresses` });
  }
  if (invalid.length) {
    why.push(
      `${invalid.length === 1 ? '1 address is not a valid IP' : `${invalid.length} addresses are not valid IPs`} (${invalid.slice(0, 3).join(', ')})`,
    );
    for (const ip of invalid.slice(0, 5))
      evidence.push({ ...epRef, field: 'subsets[*].addresses[*].ip', value: ip });
  }
  if (why.length === 0)
    why.push('no mirrored EndpointSlice lists them (is the mirroring controller running?)');
  const nothingRoutes = sliceEndpoints === 0;
  evidence.push({
    kind: 'EndpointSlice',
    namespace: c.ns,
    name: `(labelled kubernetes.io/service-name=${c.name})`,
    field: 'endpoints',
    value: `${sliceEndpoints} endpoints`,
  });
  c.reasons.push({
    code: 'mirroring-refused',
    severity: nothingRoutes ? 'error' : 'warning',
    summary:
      `${plural(missing.length, 'address')} of the Endpoints ${legacy.meta.name} ${missing.length === 1 ? 'was' : 'were'} not mirrored to an EndpointSlice: ` +
      `${why.join('; ')}.` +
      (nothingRoutes
        ? ' kube-proxy reads only EndpointSlices, so the Service routes nowhere.'
        : ''),
    detail: `Not mirrored: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}.`,
    evidence,
    commands: [
      c.cmd.endpoints,
      c.cmd.slices,
      `kubectl get events -n ${c.ns} --field-selector involvedObject.kind=Endpoints,involvedObject.name=${legacy.meta.name}`,
    ],
  });
  return true;
}

function checkTruncated(c: Ctx): boolean {
  const legacy = c.routing.legacy;
  const value = legacy?.meta.annotations?.[OVER_CAPACITY];
  if (!legacy || value === undefined) return false;
  const listed = legacy.subsets.reduce(
    (n, s) => n + s.addresses.length + s.notReadyAddresses.length,
    0,
  );
  const total = c.routing.usesLegacy ? undefined : c.routing.endpoints.length;
  c.reasons.push({
    code: 'endpoints-truncated',
    severity: 'warning',
    summary:
      `The v1 Endpoints ${legacy.meta.name} is over capacity (${OVER_CAPACITY}: ${value}): it lists ${listed}` +
      `${total !== undefined ? ` of ${total}` : ''} addresses, so clients still reading v1 Endpoints see only part of the Service.`,
    detail: 'v1 Endpoints stops at 1,000 addresses; EndpointSlices carry them all.',
    evidence: [
      {
        kind: 'Endpoints',
        namespace: c.ns,
        name: legacy.meta.name,
        field: `metadata.annotations.${OVER_CAPACITY}`,
        value,
      },
    ],
    commands: [c.cmd.endpoints, c.cmd.slices],
  });
  return true;
}

/** v1 Endpoints and the EndpointSlices list different addresses (or readiness) for one Service. */
function checkDisagreement(c: Ctx): void {
  const legacy = c.routing.legacy;
  if (!legacy || c.routing.usesLegacy || c.routing.slices.length === 0) return;
  const publish = c.svc.publishNotReadyAddresses === true;
  const inEndpoints = new Map<string, boolean>();
  for (const s of legacy.subsets) {
    for (const a of s.addresses) inEndpoints.set(a.ip, inEndpoints.get(a.ip) ?? true);
    for (const a of s.notReadyAddresses) inEndpoints.set(a.ip, false);
  }
  const families = new Set<string>();
  for (const ip of inEndpoints.keys()) families.add(ipFamily(ip) ?? 'IPv4');
  const clusterFamily = c.svc.clusterIP ? ipFamily(c.svc.clusterIP) : undefined;
  if (clusterFamily) families.add(clusterFamily);
  if (families.size === 0) families.add('IPv4');
  const onlyEndpoints: string[] = [];
  const onlySlices: string[] = [];
  const readiness: string[] = [];
  // The Endpoints controller leaves out terminating pods (unless publishNotReadyAddresses) and
  // pods none of whose ports resolve; the slice controller keeps both. Neither is a disagreement.
  let portless: Set<string> | undefined;
  if (c.svc.ports.length > 0) {
    for (const s of c.routing.slices) {
      if (s.ports.length === 0) (portless ??= new Set()).add(s.meta.name);
    }
  }
  // inEndpoints is ours: each address the slices explain is deleted, what is left is Endpoints-only.
  for (const ep of c.routing.endpoints) {
    if (!families.has(ep.addressType)) continue;
    const r = inEndpoints.get(ep.address);
    inEndpoints.delete(ep.address);
    if ((ep.terminating && !publish) || (portless && ep.sources.every((n) => portless.has(n))))
      continue;
    if (r === undefined) onlySlices.push(ep.address);
    else if (r !== ep.ready) readiness.push(ep.address);
  }
  for (const ip of inEndpoints.keys()) onlyEndpoints.push(ip);
  if (onlyEndpoints.length + onlySlices.length + readiness.length === 0) return;
  const parts: string[] = [];
  if (onlyEndpoints.length)
    parts.push(
      `${plural(onlyEndpoints.length, 'address')} only in Endpoints (${onlyEndpoints.slice(0, 3).join(', ')})`,
    );
  if (onlySlices.length)
    parts.push(
      `${plural(onlySlices.length, 'address')} only in EndpointSlices (${onlySlices.slice(0, 3).join(', ')})`,
    );
  if (readiness.length)
    parts.push(
      `${plural(readiness.length, 'address')} ready in one and not the other (${readiness.slice(0, 3).join(', ')})`,
    );
  c.reasons.push({
    code: 'endpoints-slices-disagree',
    severity: 'warning',
    summary: `v1 Endpoints and EndpointSlices disagree: ${parts.join('; ')}. Clients reading different APIs route differently.`,
    detail:
      'A brief disagreement while a controller catches up is normal; a lasting one means one of them is stale or hand-edited.',
    evidence: [
      ...onlyEndpoints.slice(0, 5).map((ip) => ({
        kind: 'Endpoints',
        namespace: c.ns,
        name: legacy.meta.name,
        field: 'subsets[*].addresses[*].ip',
        value: ip,
      })),
      ...onlySlices.slice(0, 5).map((ip) => {
        const ep = c.routing.endpoints.find((e) => e.address === ip)!;
        return endpointEvidence(ep, 'endpoints[*].addresses', ip);
      }),
      ...readiness.slice(0, 5).map((ip) => {
        const ep = c.routing.endpoints.find((e) => e.address === ip)!;
        return endpointEvidence(ep, `endpoints[${ip}].conditions.ready`, String(ep.ready));
      }),
    ],
    commands: [c.cmd.endpoints, c.cmd.slices],
  });
}

/** Addresses that validation lets through but that cannot (or should not) work. */
function checkAddresses(c: Ctx): void {
  const loopback: EndpointNode[] = [];
  const linkLocal: EndpointNode[] = [];
  const clusterIp: [EndpointNode, ServiceRecord][] = [];
  const foreign: [EndpointNode, PodRecord][] = [];
  const missing: EndpointNode[] = [];
  for (let i = 0; i < c.routing.endpoints.length; i++) {
    const ep = c.routing.endpoints[i]!;
    if (ep.targetRef?.kind === 'Pod' && !targetsPod(ep)) missing.push(ep);
    // Controller endpoints are this namespace's own pod IPs: none of the checks below can fire.
    if (ep.origin === 'controller' || ep.addressType === 'FQDN') continue;
    if (isLoopback(ep.address)) {
      loopback.push(ep);
      continue;
    }
    if (isLinkLocal(ep.address)) {
      linkLocal.push(ep);
      continue;
    }
    const owner = c.index.clusterIps().get(ep.address);
    if (owner) {
      clusterIp.push([ep, owner]);
      continue;
    }
    if (c.index.nodeIps().has(ep.address)) continue;
    const pods = c.index.podsByIp().get(ep.address);
    // Several pods on one IP are hostNetwork pods on a node: that IP belongs to the node.
    if (pods && pods.length === 1 && pods[0]!.meta.namespace !== c.ns) foreign.push([ep, pods[0]!]);
  }
  const cmdSvcs = 'kubectl get services --all-namespaces -o wide';
  if (loopback.length) {
    c.reasons.push({
      code: 'endpoint-address-loopback',
      severity: 'error',
      summary: `Endpoint ${loopback[0]!.address}${loopback.length > 1 ? ` (and ${loopback.length - 1} more)` : ''} is a loopback address: it points each node at itself, not at a server.`,
      evidence: loopback
        .slice(0, MAX_EVIDENCE)
        .map((ep) => endpointEvidence(ep, 'endpoints[*].addresses', ep.address)),
      commands: [c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices],
    });
  }
  if (linkLocal.length) {
    c.reasons.push({
      code: 'endpoint-address-link-local',
      severity: 'error',
      summary: `Endpoint ${linkLocal[0]!.address}${linkLocal.length > 1 ? ` (and ${linkLocal.length - 1} more)` : ''} is link-local (169.254.0.0/16, fe80::/10), e.g. a cloud metadata address: not routable as a Service backend.`,
      evidence: linkLocal
        .slice(0, MAX_EVIDENCE)
        .map((ep) => endpointEvidence(ep, 'endpoints[*].addresses', ep.address)),
      commands: [c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices],
    });
  }
  if (clusterIp.length) {
    const [ep, owner] = clusterIp[0]!;
    c.reasons.push({
      code: 'endpoint-address-is-cluster-ip',
      severity: 'error',
      summary: `Endpoint ${ep.address} is the ClusterIP of Service ${owner.meta.namespace}/${owner.meta.name}; kube-proxy does not forward to virtual IPs.`,
      detail:
        'Point at the pods (or use an ExternalName Service) instead of another Service’s ClusterIP.',
      evidence: clusterIp.slice(0, MAX_EVIDENCE).flatMap(([e, s]) => [
        endpointEvidence(e, 'endpoints[*].addresses', e.address),
        {
          kind: 'Service',
          namespace: s.meta.namespace,
          name: s.meta.name,
          field: 'spec.clusterIP',
          value: e.address,
        },
      ]),
      commands: [c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices, cmdSvcs],
    });
  }
  if (foreign.length) {
    const [ep, pod] = foreign[0]!;
    c.reasons.push({
      code: 'endpoint-address-foreign-pod-ip',
      severity: 'warning',
      summary: `Endpoint ${ep.address} is the IP of pod ${pod.meta.namespace}/${pod.meta.name} in another namespace: this Service forwards across namespaces (CVE-2021-25740).`,
      detail:
        'It routes, but it bypasses that namespace’s own Services and policies, and breaks when the pod is replaced.',
      evidence: foreign
        .slice(0, MAX_EVIDENCE)
        .flatMap(([e, p]) => [
          endpointEvidence(e, 'endpoints[*].addresses', e.address),
          podEvidence(p, 'status.podIP', e.address),
        ]),
      commands: [
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices,
        `kubectl get pods --all-namespaces -o wide --field-selector status.podIP=${ep.address}`,
      ],
    });
  }
  if (missing.length) {
    const ep = missing[0]!;
    c.reasons.push({
      code: 'endpoint-target-missing',
      severity: 'warning',
      summary: `Endpoint ${ep.address} names pod ${ep.targetRef!.namespace ?? c.ns}/${ep.targetRef!.name}, which does not exist${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}: the endpoints are stale or hand-made.`,
      evidence: missing
        .slice(0, MAX_EVIDENCE)
        .map((e) =>
          endpointEvidence(e, `endpoints[${e.address}].targetRef.name`, e.targetRef!.name),
        ),
      commands: [
        c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices,
        `kubectl get pods -n ${ep.targetRef!.namespace ?? c.ns} -o wide`,
      ],
    });
  }
}

function lookupDns(results: DnsResults | undefined, host: string) {
  if (!results) return undefined;
  const bare = host.endsWith('.') ? host.slice(0, -1) : host;
  return results[host] ?? results[bare] ?? results[bare + '.'];
}

export function diagnoseService(
  service: ServiceRecord,
  context: DiagnosisContext,
): ServiceDiagnosis {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  const reasons: DiagnosisReason[] = [];
  const done = (): ServiceDiagnosis => {
    if (!reasons.some((r) => r.severity !== 'info')) reasons.push(healthyReason(service, context));
    sortReasons(reasons);
    return {
      serviceId: serviceId(service),
      namespace: ns,
      name,
      health: healthOf(reasons),
      reasons,
    };
  };

  if (service.type === 'ExternalName') {
    const host = service.externalName ?? '';
    const result = lookupDns(context.dnsResults, host);
    if (result && !result.ok) {
      reasons.push({
        code: 'external-name-unresolved',
        severity: 'error',
        summary: `The ExternalName ${host} does not resolve${result.error ? ` (${result.error})` : ''}: clients get a DNS error.`,
        detail:
          'Looked up from the Switchboard server; cluster DNS may see a different resolver, but usually the same answer.',
        evidence: [
          { kind: 'Service', namespace: ns, name, field: 'spec.externalName', value: host },
          {
            kind: 'DNS',
            namespace: '',
            name: host,
            field: 'lookup',
            value: result.error ?? 'failed',
          },
        ],
        commands: [
          `kubectl get service -n ${ns} ${name} -o jsonpath='{.spec.externalName}'`,
          `kubectl run -n ${ns} dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup ${host}`,
        ],
      });
    }
    return done();
  }

  const index = context.index;
  const selText = selectorToString(service.selector);
  const c: Ctx = {
    svc: service,
    ns,
    name,
    index,
    routing: resolveServiceRouting(index, service),
    reasons,
    cmd: {
      svc: `kubectl get service -n ${ns} ${name} -o yaml`,
      slices: `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${name} -o wide`,
      endpoints: `kubectl get endpoints -n ${ns} ${name} -o yaml`,
      pods: selText
        ? `kubectl get pods -n ${ns} -l ${selText} -o wide`
        : `kubectl get pods -n ${ns} -o wide`,
    },
  };
  let readyCount = 0;
  for (const ep of c.routing.endpoints) if (ep.ready) readyCount++;

  checkEndpointCounts(c, readyCount);
  const selectorless = isSelectorless(service.selector);
  let legacyExplained = false;
  if (!selectorless) {
    checkSelector(c, index.selectedPods(service), readyCount);
    legacyExplained = checkManualWithSelector(c);
  }
  if (selectorless) legacyExplained = checkMirroring(c) || legacyExplained;
  checkPortNames(c);
  legacyExplained = checkTruncated(c) || legacyExplained;
  if (!legacyExplained) checkDisagreement(c);
  checkAddresses(c);
  return done();
}

function healthyReason(service: ServiceRecord, context: DiagnosisContext): DiagnosisReason {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  if (service.type === 'ExternalName') {
    const checked = lookupDns(context.dnsResults, service.externalName ?? '') !== undefined;
    return {
      code: 'healthy',
      severity: 'info',
      summary: `Resolves by DNS to ${service.externalName ?? '(none)'}${checked ? ' (lookup succeeded)' : ' (not looked up)'}.`,
      evidence: [
        {
          kind: 'Service',
          namespace: ns,
          name,
          field: 'spec.externalName',
          value: service.externalName ?? '',
        },
      ],
      commands: [`kubectl get service -n ${ns} ${name} -o wide`],
    };
  }
  const routing = resolveServiceRouting(context.index, service);
  let ready = 0;
  let external = 0;
  for (const ep of routing.endpoints) {
    if (!ep.ready) continue;
    ready++;
    if (!targetsPod(ep)) external++;
  }
  return {
    code: 'healthy',
    severity: 'info',
    summary:
      `Routes to ${plural(ready, 'ready endpoint')}` +
      (external === ready && ready > 0 ? ' outside the cluster’s pods.' : '.'),
    evidence: [
      {
        kind: routing.usesLegacy ? 'Endpoints' : 'EndpointSlice',
        namespace: ns,
        name: routing.usesLegacy ? name : `(labelled kubernetes.io/service-name=${name})`,
        field: 'endpoints (ready)',
        value: String(ready),
      },
    ],
    commands: [`kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${name} -o wide`],
  };
}

/**
 * Diagnoses every Service of the snapshot, in namespace/name order. Pass the Topology built from
 * this same snapshot to reuse its merged endpoints instead of merging the slices again.
 */
export function diagnoseAll(
  snapshot: ClusterSnapshot,
  topology?: Topology,
  options: { dnsResults?: DnsResults; index?: SnapshotIndex } = {},
): ServiceDiagnosis[] {
  const context = createDiagnosisContext(snapshot, options);
  if (topology) seedRoutingFromTopology(context.index, topology);
  return context.index.services.map((svc) => diagnoseService(svc, context));
}

const HEALTH_RANK: Record<HealthState, number> = { broken: 0, warning: 1, unknown: 2, healthy: 3 };

/**
 * The problems list: every Service that is not healthy, worst first — broken before warning, then
 * more errors, then more warnings, then namespace/name.
 */
export function rankProblems(diagnoses: readonly ServiceDiagnosis[]): ServiceDiagnosis[] {
  const count = (d: ServiceDiagnosis, s: Severity) =>
    d.reasons.reduce((n, r) => n + (r.severity === s ? 1 : 0), 0);
  return diagnoses
    .filter((d) => d.health === 'broken' || d.health === 'warning')
    .map((d) => ({
      d,
      e: count(d, 'error'),
      w: count(d, 'warning'),
      k: objectKey(d.namespace, d.name),
    }))
    .sort(
      (a, b) =>
        HEALTH_RANK[a.d.health] - HEALTH_RANK[b.d.health] ||
        b.e - a.e ||
        b.w - a.w ||
        (a.k < b.k ? -1 : a.k > b.k ? 1 : 0),
    )
    .map(({ d }) => d);
}
