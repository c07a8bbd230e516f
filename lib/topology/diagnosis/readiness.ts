/**
 * The pods the selector matches but that are not (or no longer) ready endpoints, each with the
 * reason in plain words (whyPodNotReady): `pods-not-ready` and `pods-terminating`.
 *
 * Severity (a judgement call, tested): both are errors when the Service has no ready endpoint
 * (for pods-terminating: none of a pod that is not itself being deleted). Otherwise pods-not-ready is a warning (reduced capacity) and pods-terminating is info (a rollout
 * in progress is normal).
 */
import { commandList, kubectl } from '../shell-quote';
import type { PodRecord } from '../records';
import { isTerminalPod } from '../routing';
import { MAX_EVIDENCE, endpointEvidence, plural, podEvidence, type ServiceCheck } from './check';

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

function describePodCmd(pod: PodRecord): string | undefined {
  return kubectl('describe', 'pod', '-n', pod.meta.namespace, pod.meta.name);
}

/**
 * The log that can say why a pod is not ready: a crash loop's last run (`--previous`: the
 * current run has not started), a finished container's run, or the tail of a container that
 * runs unready. None for a container that never ran (an image that cannot be pulled, a
 * configuration refused): it has no log, and `describe` says why.
 */
export function logsPodCmd(pod: PodRecord): string | undefined {
  const { namespace, name } = pod.meta;
  const restarted = pod.containers.find((c) => c.state === 'waiting' && c.restartCount > 0);
  if (restarted) return kubectl('logs', '-n', namespace, name, '-c', restarted.name, '--previous');
  const finished = pod.containers.find((c) => c.state === 'terminated');
  if (finished) return kubectl('logs', '-n', namespace, name, '-c', finished.name);
  const unready = pod.containers.find((c) => c.state === 'running' && !c.ready);
  if (unready) return kubectl('logs', '-n', namespace, name, '-c', unready.name, '--tail=100');
  return undefined;
}

/** Matched pods that are not ready (terminal pods included, terminating ones left to the next). */
export function checkPodsNotReady(c: ServiceCheck, selected: PodRecord[]): void {
  const readyCount = c.readyCount;
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
      commands: commandList(
        kubectl('get', 'pods', '-n', c.ns, '-l', c.selText, '-o', 'wide'),
        logsPodCmd(notReady[0]!),
        ...notReady.slice(0, 3).map(describePodCmd),
      ),
      pods,
    });
  }
}

/**
 * Matched pods being deleted, and endpoints the slices mark terminating. What is left counts only
 * ready endpoints of pods that stay (check.ts `readyStaying`): a terminating pod whose endpoint a
 * slice still calls ready is not "left".
 */
export function checkPodsTerminating(c: ServiceCheck, selected: PodRecord[]): void {
  const readyCount = c.readyStaying.length;
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
      commands: commandList(
        kubectl('get', 'pods', '-n', c.ns, '-l', c.selText, '-o', 'wide'),
        c.cmd.slices,
      ),
      pods: terminatingPods.map((p) => ({
        namespace: p.meta.namespace,
        name: p.meta.name,
        why: 'terminating',
      })),
    });
  }
}
