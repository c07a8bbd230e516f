/**
 * Suggested fixes: one change per cause that would bring the cluster back to working, built
 * from the diagnosis's own evidence. Switchboard never runs them; the panel and the CLI offer
 * them apart from the read-only commands, labelled as changes, and with write access the panel
 * can show the API server's dry run of one (fix-request.ts, the preview route).
 *
 * Contract: pure; each fix is a structured `request` and the command made from it by
 * `fixCommand` (fix-request.ts), never built separately. A fix is offered only when its command
 * can be built and shown safely (shell-quote.ts) and its values are known — otherwise none
 * (better no fix than a guess).
 */
import type { ReplicaSetRecord, ServicePortRecord, WorkloadRecord } from '../records';
import { fixCommand, type FixRequest } from './fix-request';
import type { NearMiss, SuggestedFix } from './types';

function fix(description: string, request: FixRequest): SuggestedFix | undefined {
  const command = fixCommand(request);
  return command ? { command, description, request } : undefined;
}

type Scalable = Exclude<WorkloadRecord, { kind: 'DaemonSet' }>;

/** The workload a scale fix is for. */
export interface ScaleTarget {
  kind: Scalable['kind'];
  namespace: string;
  name: string;
}

/**
 * A replica count known from before the workload was scaled to zero, and where it is known from:
 * its last applied configuration (the record), or Switchboard's change trail (the same entry the
 * reason's "Changed:" line quotes; joined on in lib/diagnostics/trail-fixes.ts).
 */
export interface EarlierCount {
  replicas: number;
  from: 'last-applied' | 'trail';
}

const COUNT_SOURCE: Record<EarlierCount['from'], string> = {
  'last-applied': 'its last applied configuration',
  trail: 'its replica count before it was scaled to 0, from the change trail',
};

/** `kubectl scale deployment/api -n ns --replicas=N`, N known or left for the reader to choose. */
export function scaleFixFor(
  target: ScaleTarget,
  earlier: EarlierCount | undefined,
): SuggestedFix | undefined {
  const known = earlier !== undefined && Number.isInteger(earlier.replicas) && earlier.replicas > 0;
  const request: FixRequest = {
    action: 'scale',
    kind: target.kind,
    namespace: target.namespace,
    name: target.name,
    ...(known ? { replicas: earlier.replicas } : {}),
  };
  return fix(
    known
      ? `Scale ${target.kind} ${target.name} back to ${earlier.replicas} (${COUNT_SOURCE[earlier.from]}).`
      : `Scale ${target.kind} ${target.name} back up: choose N, the number of replicas it should run (no earlier count is known).`,
    request,
  );
}

/** The scale fix of a workload record, N from its last applied configuration when known. */
export function scaleFix(w: Scalable, replicas: number | undefined): SuggestedFix | undefined {
  return scaleFixFor(
    { kind: w.kind, namespace: w.meta.namespace, name: w.meta.name },
    replicas !== undefined ? { replicas, from: 'last-applied' } : undefined,
  );
}

/** `kubectl rollout undo deployment/cart -n ns [--to-revision=R]` (R a number, else previous). */
export function undoFix(
  w: Exclude<WorkloadRecord, ReplicaSetRecord>,
  revision: string | undefined,
): SuggestedFix | undefined {
  const toRevision = revision && /^\d+$/.test(revision) ? Number(revision) : undefined;
  return fix(
    `Roll ${w.kind} ${w.meta.name} back to ${toRevision !== undefined ? `revision ${toRevision}` : 'its previous revision'}.`,
    {
      action: 'rollout-undo',
      kind: w.kind,
      namespace: w.meta.namespace,
      name: w.meta.name,
      ...(toRevision !== undefined ? { toRevision } : {}),
    },
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
  return fix(`Change the Service's selector to ${what}, which pod ${miss.name} carries.`, {
    action: 'patch-service',
    namespace,
    name,
    patchType: 'merge',
    patch: { spec: { selector: patch } },
  });
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
    {
      action: 'patch-service',
      namespace,
      name,
      patchType: 'json',
      patch: [{ op: 'replace', path: `/spec/ports/${index}/targetPort`, value: target }],
    },
  );
}
