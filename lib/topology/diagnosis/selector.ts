/**
 * A selector that matches no pod of the Service's namespace: `selector-matches-no-pods`, with the
 * near misses (near-miss.ts) as evidence and the closest one in the summary — a misspelt label is
 * the most common reason a new Service routes nowhere.
 */
import { commandList, kubectl } from '../shell-quote';
import { listable, plural, svcEvidence, type ServiceCheck } from './check';
import { selectorFix } from './fixes';
import { findNearMisses } from './near-miss';
import type { DiagnosisReason } from './types';

/** Only for a Service with a selector that matches no pod. */
export function checkSelectorMatchesNothing(c: ServiceCheck): void {
  const selector = c.svc.selector!;
  const selText = c.selText;
  const nearMisses = findNearMisses(c.index, c.ns, selector);
  const inNs = c.index.podsByNamespace.get(c.ns)?.length ?? 0;
  const first = nearMisses[0];
  const reason: DiagnosisReason = {
    code: 'selector-matches-no-pods',
    severity: 'error',
    summary:
      // "none of the 0 pods" would read as a count gone wrong: an empty namespace is said as such.
      (inNs === 0
        ? `The selector ${selText} matches no pod: namespace ${c.ns} has none`
        : `The selector ${selText} matches none of the ${plural(inNs, 'pod')} in namespace ${c.ns}`) +
      (first ? ` (closest: ${first.hint})` : '') +
      '.',
    evidence: [svcEvidence(c, 'spec.selector', selText)],
    commands: commandList(
      c.cmd.svc,
      kubectl('get', 'pods', '-n', c.ns, '--show-labels'),
      listable(c, 'Pod', '', () =>
        kubectl('get', 'pods', '--all-namespaces', '-l', selText, '-o', 'wide'),
      ),
    ),
  };
  if (nearMisses.length) {
    reason.nearMisses = nearMisses;
    const fix = first && selectorFix(c.ns, c.name, selector, first);
    if (fix) reason.fix = fix;
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
}
