/**
 * The `healthy` reason (info): what a Service that passed every check does — how many ready
 * endpoints it routes to, or which name an ExternalName resolves to (or points at, when it was
 * not looked up). index.ts adds it only when no
 * reason worse than info was found, so the panel always has a sentence to show.
 *
 * Words claim only what was seen: "outside the cluster's pods" only when no ready endpoint names
 * a pod (one whose pod cannot be judged still names one); routed from a v1 Endpoints because the
 * slices cannot be judged (judgeable.ts), it says so — kube-proxy reads the slices.
 */
import { commandList, kubectl, serviceSlicesCommand } from '../shell-quote';
import { notJudged } from '../judgeable';
import type { ServiceRecord } from '../records';
import { resolveServiceRouting, targetsPod } from '../routing';
import { plural } from './check';
import { dnsAnswerText, lookupDns } from './external-name';
import type { DiagnosisContext, DiagnosisReason } from './types';

export function healthyReason(service: ServiceRecord, context: DiagnosisContext): DiagnosisReason {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  if (service.type === 'ExternalName') {
    const host = service.externalName ?? '';
    const result = lookupDns(context.dnsResults, host);
    const checked = result !== undefined && !result.skipped;
    // Only a lookup that succeeded earns "resolves"; otherwise it points at the name, and the
    // words say why it was not looked up, as the panel's DNS row does.
    const summary = checked
      ? `Resolves by DNS to ${host} (lookup succeeded).`
      : `Points at ${host || '(none)'} by DNS; ${result ? dnsAnswerText(result) : 'not looked up'}.`;
    return {
      code: 'healthy',
      severity: 'info',
      summary,
      evidence: [
        { kind: 'Service', namespace: ns, name, field: 'spec.externalName', value: host },
        // What the lookup said (the panel shows it beside the name); nothing when none was made.
        ...(result
          ? [
              {
                kind: 'DNS',
                namespace: '',
                name: host,
                field: 'lookup',
                value: dnsAnswerText(result),
              },
            ]
          : []),
      ],
      commands: commandList(kubectl('get', 'service', '-n', ns, name, '-o', 'wide')),
    };
  }
  const routing = resolveServiceRouting(context.index, service);
  let ready = 0;
  let external = 0;
  for (const ep of routing.endpoints) {
    if (!ep.ready) continue;
    ready++;
    if (!targetsPod(ep) && ep.targetRef?.kind !== 'Pod') external++;
  }
  const snapshot = context.index.snapshot;
  const slicesUnjudged = routing.usesLegacy && notJudged(snapshot, 'EndpointSlice', ns);
  return {
    code: 'healthy',
    severity: 'info',
    summary:
      `Routes to ${plural(ready, 'ready endpoint')}` +
      (external === ready && ready > 0 ? ' outside the cluster’s pods' : '') +
      (slicesUnjudged === 'not-visible'
        ? ', as its v1 Endpoints lists them (you may not list the EndpointSlices kube-proxy reads).'
        : slicesUnjudged === 'not-read'
          ? ', as its v1 Endpoints lists them (the EndpointSlices kube-proxy reads are not read yet).'
          : '.'),
    evidence: [
      {
        kind: routing.usesLegacy ? 'Endpoints' : 'EndpointSlice',
        namespace: ns,
        name: routing.usesLegacy ? name : `(labelled kubernetes.io/service-name=${name})`,
        field: 'endpoints (ready)',
        value: String(ready),
      },
    ],
    // The listing of what it was read from (which the viewer, who saw it, may run).
    commands: commandList(
      routing.usesLegacy
        ? kubectl('get', 'endpoints', '-n', ns, name, '-o', 'wide')
        : serviceSlicesCommand(ns, name),
    ),
  };
}
