/**
 * Suggested fixes: one command per cause that would change the cluster back to working, built
 * from the diagnosis's own evidence. Switchboard never runs them; the panel and the CLI offer
 * them apart from the read-only commands, labelled as changes.
 *
 * Contract: pure; a fix is offered only when its command can be built and shown safely
 * (shell-quote.ts) and its values are known — otherwise none (better no fix than a guess).
 */
import type { DeploymentRecord, ServicePortRecord, WorkloadRecord } from '../records';
import { kubectl } from '../shell-quote';
import type { NearMiss, SuggestedFix } from './types';

function fix(description: string, command: string | undefined): SuggestedFix | undefined {
  return command ? { command, description } : undefined;
}

/** `kubectl patch service NAME -n NS --type=merge|json -p PATCH`. */
function servicePatch(
  namespace: string,
  name: string,
  type: 'merge' | 'json',
  patch: unknown,
): string | undefined {
  return kubectl(
    'patch',
    'service',
    name,
    '-n',
    namespace,
    `--type=${type}`,
    '-p',
    JSON.stringify(patch),
  );
}

/** `kubectl scale deployment/api -n ns --replicas=N`, N known or left for the reader to choose. */
export function scaleFix(
  w: WorkloadRecord,
  replicas: number | undefined,
): SuggestedFix | undefined {
  const ref = `${w.kind.toLowerCase()}/${w.meta.name}`;
  if (replicas && replicas > 0) {
    return fix(
      `Scale ${w.kind} ${w.meta.name} back to ${replicas} (its last applied configuration).`,
      kubectl('scale', ref, '-n', w.meta.namespace, `--replicas=${replicas}`),
    );
  }
  return fix(
    `Scale ${w.kind} ${w.meta.name} back up: choose N, the number of replicas it should run (no earlier count is known).`,
    kubectl('scale', ref, '-n', w.meta.namespace, '--replicas=N'),
  );
}

/** `kubectl rollout undo deployment/cart -n ns [--to-revision=R]`. */
export function undoFix(
  d: DeploymentRecord,
  revision: string | undefined,
): SuggestedFix | undefined {
  const args = ['rollout', 'undo', `deployment/${d.meta.name}`, '-n', d.meta.namespace];
  if (revision && /^\d+$/.test(revision)) args.push(`--to-revision=${revision}`);
  return fix(
    `Roll Deployment ${d.meta.name} back to ${revision ? `revision ${revision}` : 'its previous revision'}.`,
    kubectl(...args),
  );
}

/** A merge patch of the Service's selector to what the near-miss pods carry. */
export function selectorFix(
  namespace: string,
  name: string,
  selector: Readonly<Record<string, string>>,
  miss: NearMiss,
): SuggestedFix | undefined {
  if (!miss.key || miss.expected === undefined || miss.actual === undefined) return undefined;
  const patch: Record<string, string | null> = {};
  let what: string;
  if (miss.match === 'value-typo' || miss.match === 'value-differs') {
    patch[miss.key] = miss.actual;
    what = `${miss.key}=${miss.actual}`;
  } else if (miss.match === 'key-typo') {
    const eq = miss.actual.indexOf('=');
    const key = miss.actual.slice(0, eq);
    if (eq <= 0 || key in selector) return undefined;
    patch[miss.key] = null;
    patch[key] = miss.actual.slice(eq + 1);
    what = miss.actual;
  } else {
    return undefined;
  }
  return fix(
    `Change the Service's selector to ${what}, which pod ${miss.name} carries.`,
    servicePatch(namespace, name, 'merge', { spec: { selector: patch } }),
  );
}

/** A JSON patch of one Service port's targetPort. */
export function targetPortFix(
  namespace: string,
  name: string,
  index: number,
  port: ServicePortRecord,
  target: number | string,
): SuggestedFix | undefined {
  return fix(
    `Point port ${port.name ?? port.port} at ${typeof target === 'number' ? `container port ${target}` : `the container port named "${target}"`}, which the pods declare.`,
    servicePatch(namespace, name, 'json', [
      { op: 'replace', path: `/spec/ports/${index}/targetPort`, value: target },
    ]),
  );
}
