/**
 * `target-port-not-served`: a Service port whose targetPort the matched, live pods do not declare.
 *
 * Severity (a judgement call, tested): a named targetPort that no pod declares is an error — it
 * cannot resolve, so the port routes nowhere; declared by some pods only, a warning. A numeric
 * targetPort that no container declares is a warning, but info when the pods declare no ports at
 * all (declaring ports is optional and commonly skipped, so nothing is proven).
 */
import { commandList, kubectl } from '../shell-quote';
import type { PodRecord } from '../records';
import { isTerminalPod } from '../routing';
import { targetPortFix } from './fixes';
import type { SuggestedFix } from './types';
import { MAX_EVIDENCE, plural, podEvidence, svcEvidence, type ServiceCheck } from './check';

/** Only for a Service with a selector; reads the matched pods that are not finished. */
export function checkTargetPorts(c: ServiceCheck, selected: PodRecord[]): void {
  const pods = selected.filter((p) => !isTerminalPod(p));
  if (pods.length === 0) return;
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
        commands: commandList(c.cmd.svc, portsCommand(c)),
        ...fixFor(c, i, pods),
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
      commands: commandList(c.cmd.svc, portsCommand(c)),
      ...fixFor(c, i, pods),
    });
  });
}

/** The containerPorts of the matched pods, one line per pod. */
function portsCommand(c: ServiceCheck): string | undefined {
  return kubectl(
    'get',
    'pods',
    '-n',
    c.ns,
    '-l',
    c.selText,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].ports}{"\\n"}{end}',
  );
}

function fixFor(c: ServiceCheck, index: number, pods: PodRecord[]): { fix?: SuggestedFix } {
  const port = c.svc.ports[index]!;
  const target = onlyPort(pods, port.protocol);
  if (target === undefined || target === (port.targetPort ?? port.port)) return {};
  const fix = targetPortFix(c.ns, c.name, index, port, target);
  return fix ? { fix } : {};
}

/**
 * The one port every matched pod declares for this protocol (the same name and number on all):
 * the only target a fix can name without guessing.
 */
function onlyPort(pods: PodRecord[], protocol: string): number | string | undefined {
  let only: { name?: string; containerPort: number } | undefined;
  for (const p of pods) {
    const ports = p.containerPorts.filter((cp) => cp.protocol === protocol);
    if (ports.length !== 1) return undefined;
    const port = ports[0]!;
    if (only && (only.name !== port.name || only.containerPort !== port.containerPort))
      return undefined;
    only = port;
  }
  return only ? (only.name ?? only.containerPort) : undefined;
}

function portsText(pod: PodRecord): string {
  if (pod.containerPorts.length === 0) return '(none)';
  return pod.containerPorts
    .map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol}`)
    .join(', ');
}
