/**
 * Diagnosis: why a Service routes nowhere (or badly), with evidence and the kubectl that shows it.
 * (First increment: the endpoint-count reasons; the rest of issue 5's list follows.)
 */
import type { HealthState } from './model';
import type { ClusterSnapshot, ServiceRecord } from './records';
import { resolveServiceRouting, serviceId } from './routing';
import { isSelectorless } from './selector';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index';

export const REASON_CODES = [
  'no-endpoints',
  'selectorless-no-endpoints',
  'no-ready-endpoints',
  'healthy',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  kind: string;
  namespace: string;
  name: string;
  field: string;
  value: string;
}

export interface DiagnosisReason {
  code: ReasonCode;
  severity: Severity;
  summary: string;
  detail?: string;
  evidence: Evidence[];
  commands: string[];
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

export function createDiagnosisContext(
  snapshot: ClusterSnapshot,
  options: { index?: SnapshotIndex; dnsResults?: DnsResults | undefined } = {},
): DiagnosisContext {
  const context: DiagnosisContext = { index: options.index ?? indexSnapshot(snapshot) };
  if (options.dnsResults) context.dnsResults = options.dnsResults;
  return context;
}

export function diagnoseService(
  service: ServiceRecord,
  context: DiagnosisContext,
): ServiceDiagnosis {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  const reasons: DiagnosisReason[] = [];
  const slicesCmd = `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${name} -o wide`;
  if (service.type !== 'ExternalName') {
    const routing = resolveServiceRouting(context.index, service);
    const ready = routing.endpoints.filter((e) => e.ready).length;
    if (routing.endpoints.length === 0) {
      reasons.push({
        code: isSelectorless(service.selector) ? 'selectorless-no-endpoints' : 'no-endpoints',
        severity: 'error',
        summary: 'The Service has no endpoints: it routes nowhere.',
        evidence: [],
        commands: [slicesCmd],
      });
    } else if (ready === 0) {
      reasons.push({
        code: 'no-ready-endpoints',
        severity: 'error',
        summary: `None of its ${routing.endpoints.length} endpoints is ready.`,
        evidence: [],
        commands: [slicesCmd],
      });
    }
  }
  if (reasons.length === 0) {
    reasons.push({
      code: 'healthy',
      severity: 'info',
      summary: 'Routes.',
      evidence: [],
      commands: [],
    });
  }
  const health: HealthState = reasons.some((r) => r.severity === 'error')
    ? 'broken'
    : reasons.some((r) => r.severity === 'warning')
      ? 'warning'
      : 'healthy';
  return { serviceId: serviceId(service), namespace: ns, name, health, reasons };
}
