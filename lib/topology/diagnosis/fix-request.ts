/**
 * The structured request behind each suggested fix, and the one function that turns it into
 * the kubectl command the panel and `switchboard diagnose` offer — so what is shown to copy and
 * what "Preview this fix" sends to the API server as a dry run cannot disagree.
 *
 * Contract: pure and isomorphic. `fixCommand(request)` is the command (quoted by shell-quote.ts,
 * `undefined` when a value cannot be shown as itself). `previewable(request)` is the one decision
 * of whether the server can dry-run it: a scale with a known count, a Service patch, and a
 * Deployment's `rollout undo` (read from its ReplicaSets); a StatefulSet's or DaemonSet's undo
 * needs ControllerRevisions, which this dashboard does not read, and a scale to an unchosen N has
 * nothing to send. The server never takes a request from a browser: it derives it again from
 * its own model (the route names only the cause).
 */
import { kubectl } from '../shell-quote';

export type FixRequest =
  | {
      /** `kubectl patch service` (selector merge patch, targetPort JSON patch). */
      action: 'patch-service';
      namespace: string;
      name: string;
      patchType: 'merge' | 'json';
      patch: unknown;
    }
  | {
      /** `kubectl scale`; `replicas` absent when no earlier count is known ("choose N"). */
      action: 'scale';
      kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet';
      namespace: string;
      name: string;
      replicas?: number;
    }
  | {
      /** `kubectl rollout undo`, to `toRevision` when known, else to the previous revision. */
      action: 'rollout-undo';
      kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
      namespace: string;
      name: string;
      toRevision?: number;
    };

/** The kubectl command that carries out `request` (never run by Switchboard). */
export function fixCommand(request: FixRequest): string | undefined {
  const { namespace: ns, name } = request;
  switch (request.action) {
    case 'patch-service':
      return kubectl(
        'patch',
        'service',
        name,
        '-n',
        ns,
        `--type=${request.patchType}`,
        '-p',
        JSON.stringify(request.patch),
      );
    case 'scale':
      return kubectl(
        'scale',
        `${request.kind.toLowerCase()}/${name}`,
        '-n',
        ns,
        `--replicas=${request.replicas ?? 'N'}`,
      );
    case 'rollout-undo':
      return kubectl(
        'rollout',
        'undo',
        `${request.kind.toLowerCase()}/${name}`,
        '-n',
        ns,
        ...(request.toRevision !== undefined ? [`--to-revision=${request.toRevision}`] : []),
      );
  }
}

/**
 * Why the server cannot show this fix's dry run, or undefined when it can (see the contract
 * above): the one decision the panel's button and the preview route both take.
 */
export function previewBlocker(request: FixRequest): string | undefined {
  if (request.action === 'scale' && request.replicas === undefined) {
    return 'choose the number of replicas first; there is no count to preview.';
  }
  if (request.action === 'rollout-undo' && request.kind !== 'Deployment') {
    return `a ${request.kind}'s earlier revisions are ControllerRevisions, which Switchboard does not read.`;
  }
  return undefined;
}

export function previewable(request: FixRequest): boolean {
  return previewBlocker(request) === undefined;
}
