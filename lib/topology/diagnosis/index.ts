/**
 * Diagnosis: why a Service routes nowhere (or badly) — the kubernetes.io "Debug Services" runbook
 * done for you, with the evidence (objects and fields) and the kubectl commands that show the same.
 *
 * Contract: pure and isomorphic. It reads the same routing as the map (routing.ts; the memo in the
 * snapshot index, so after buildGraphModel it reads the very endpoint nodes the map draws) and
 * never writes to it, so the panel never contradicts the graph. Reason codes are listed once, in
 * codes.ts; reasons come out worst-first (rank.ts). ExternalName resolution is looked up
 * server-side; this folder only reads `dnsResults`.
 *
 * One Service's diagnosis runs these checks, in this order (one module each):
 *   ExternalName: external-name.ts (does the name resolve?)
 *   otherwise:
 *     1. endpoint-count.ts    does anything route at all? (or not-judged.ts: it cannot be told)
 *     2. with a selector, on the pods it matches:
 *          selector.ts        it matches none (with near misses, near-miss.ts), else
 *          readiness.ts       matched pods not ready, terminating;
 *          target-ports.ts    a targetPort they do not declare;
 *        and on the workloads behind it (workloads.ts):
 *          workload-scale.ts  one scaled to zero;
 *          workload-missing.ts  none left, though one made the pods it matched;
 *          rollout.ts         a workload's rollout stuck or under way (rollout-sets.ts);
 *          scheduling.ts      matched pods the scheduler cannot place;
 *        manual-endpoints.ts  hand-made endpoints next to the selector;
 *        without a selector:
 *          mirroring.ts       v1 Endpoints that did not reach a slice (both must be judgeable);
 *     3. port-names.ts        Service port names the hand-made endpoints lack;
 *     4. truncation.ts        a v1 Endpoints over capacity;
 *     5. drift.ts             v1 Endpoints and slices disagree — skipped when 2 or 4 already said
 *                             why they differ;
 *     6. addresses.ts         endpoint addresses that cannot or should not work;
 *     7. ip-families.ts       endpoints of a family the Service's ClusterIPs do not serve.
 *   then healthy.ts when nothing worse than info was found and the endpoints could be judged,
 *   rank.ts sorts the reasons and causes.ts puts each cause first with the symptoms it explains
 *   under it (`causedBy`).
 * The order of the output is rank.ts's and causes.ts's; the order above only decides what each
 * check may assume. A check concludes nothing from a kind the snapshot cannot judge
 * (lib/topology/judgeable.ts: not visible to the viewer, or not read yet): pods and workloads
 * checks are skipped there, and the endpoints seen speak for the Service.
 */
import type { Topology } from '../model';
import type { ClusterSnapshot, ServiceRecord } from '../records';
import { seedRoutingFromTopology, serviceId } from '../routing';
import { isSelectorless } from '../selector';
import { indexSnapshot, type SnapshotIndex } from '../snapshot-index';
import { checkAddresses } from './addresses';
import { causeFirst, linkCauses } from './causes';
import { createServiceCheck } from './check';
import { checkDisagreement } from './drift';
import { checkEndpointCounts } from './endpoint-count';
import { checkExternalName } from './external-name';
import { healthyReason } from './healthy';
import { checkEndpointFamilies } from './ip-families';
import { checkManualWithSelector } from './manual-endpoints';
import { checkMirroring } from './mirroring';
import { checkPortNames } from './port-names';
import { healthOf, sortReasons } from './rank';
import { checkPodsNotReady, checkPodsTerminating } from './readiness';
import { checkRollouts } from './rollout';
import { checkUnschedulable } from './scheduling';
import { checkSelectorMatchesNothing } from './selector';
import { checkTargetPorts } from './target-ports';
import { checkTruncated } from './truncation';
import { checkWorkloadMissing } from './workload-missing';
import { checkScaledToZero } from './workload-scale';
import type { DiagnosisContext, DiagnosisReason, DnsResults, ServiceDiagnosis } from './types';

export { REASON_CODES, REASON_SEVERITIES, type ReasonCode } from './codes';
export { editDistance, findNearMisses, isSimilar } from './near-miss';
export { fixCommand, previewable, previewBlocker, type FixRequest } from './fix-request';
export { scaleFixFor, type EarlierCount } from './fixes';
export { healthOf, rankProblems } from './rank';
export { whyPodNotReady } from './readiness';
export type {
  DiagnosisContext,
  DiagnosisReason,
  DnsResults,
  Evidence,
  NearMiss,
  PodProblem,
  ServiceDiagnosis,
  Severity,
  SuggestedFix,
} from './types';

export function createDiagnosisContext(
  snapshot: ClusterSnapshot,
  options: { index?: SnapshotIndex; dnsResults?: DnsResults | undefined } = {},
): DiagnosisContext {
  const context: DiagnosisContext = { index: options.index ?? indexSnapshot(snapshot) };
  if (options.dnsResults) context.dnsResults = options.dnsResults;
  return context;
}

/** Runs the checks for a Service that routes through endpoints, in the order stated above. */
/** Without all of these in a namespace, a missing workload cannot be told from an unseen one. */
const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] as const;

function checkEndpointsService(
  service: ServiceRecord,
  context: DiagnosisContext,
): DiagnosisReason[] {
  const reasons: DiagnosisReason[] = [];
  const c = createServiceCheck(service, context.index, reasons);
  checkEndpointCounts(c);
  // True once a reported reason explains why the v1 Endpoints differs from the slices.
  let endpointsExplained: boolean;
  if (!isSelectorless(service.selector)) {
    const selected = c.index.selectedPods(service);
    // Pods that cannot be judged (not visible, not read yet) are not absent: nothing is
    // concluded about them.
    const podsUnjudged = c.notJudged('Pod') !== undefined;
    if (podsUnjudged) {
      // The endpoints alone speak for the Service here.
    } else if (selected.length === 0) {
      checkSelectorMatchesNothing(c);
    } else {
      checkPodsNotReady(c, selected);
      checkPodsTerminating(c, selected);
      checkTargetPorts(c, selected);
      checkUnschedulable(c, selected);
    }
    const workloadsUnjudged = WORKLOAD_KINDS.some((kind) => c.notJudged(kind));
    if (context.index.workloadsByUid.size > 0 && !workloadsUnjudged) {
      checkScaledToZero(c);
      // These read the pods as well: who made the matched pods, a rollout's new and old pods.
      if (!podsUnjudged) {
        checkWorkloadMissing(c, selected);
        checkRollouts(c);
      }
    }
    endpointsExplained = checkManualWithSelector(c);
  } else {
    // It compares the Endpoints with the slices: with either not judgeable it has nothing to say.
    endpointsExplained =
      !c.notJudged('EndpointSlice') && !c.notJudged('Endpoints') && checkMirroring(c);
  }
  checkPortNames(c);
  endpointsExplained = checkTruncated(c) || endpointsExplained;
  if (!endpointsExplained) checkDisagreement(c);
  checkAddresses(c);
  checkEndpointFamilies(c);
  return reasons;
}

export function diagnoseService(
  service: ServiceRecord,
  context: DiagnosisContext,
): ServiceDiagnosis {
  let reasons: DiagnosisReason[];
  if (service.type === 'ExternalName') {
    reasons = [];
    checkExternalName(service, context.dnsResults, reasons);
  } else {
    reasons = checkEndpointsService(service, context);
  }
  if (!reasons.some((r) => r.severity !== 'info' || r.code === 'not-judged'))
    reasons.push(healthyReason(service, context));
  // A lone reason (most Services: `healthy`) is already in order and explains nothing else.
  if (reasons.length > 1) {
    linkCauses(reasons);
    reasons = causeFirst(sortReasons(reasons));
  }
  return {
    serviceId: serviceId(service),
    namespace: service.meta.namespace,
    name: service.meta.name,
    health: healthOf(reasons),
    reasons,
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
