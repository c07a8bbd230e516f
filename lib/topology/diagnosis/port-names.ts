/**
 * `port-name-mismatch`: for endpoints a controller did not derive from the Service (hand-made or
 * mirrored slices, legacy Endpoints), kube-proxy pairs each Service port with the endpoint port of
 * the same name — so a Service port whose name no endpoint port carries routes nowhere (error).
 * Controller slices are built from the Service's own ports and are skipped.
 */
import { commandList, kubectl } from '../shell-quote';
import { originOf } from '../routing';
import { svcEvidence, type ServiceCheck } from './check';

/** Compares the Service's port names with those its non-controller endpoints offer, per source. */
export function checkPortNames(c: ServiceCheck): void {
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
      commands: commandList(
        c.cmd.svc,
        c.routing.usesLegacy
          ? c.cmd.endpoints
          : kubectl(
              'get',
              'endpointslices',
              '-n',
              c.ns,
              '-l',
              `kubernetes.io/service-name=${c.name}`,
              '-o',
              'yaml',
            ),
      ),
    });
  });
}
