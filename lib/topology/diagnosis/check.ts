/**
 * What every check module reads and writes for one Service: the Service, its routing (the same
 * merge the map draws, routing.ts), the snapshot index, the kubectl commands the reasons cite, and
 * the list the checks push their reasons onto. Plus the small helpers every check uses to word
 * evidence the same way.
 *
 * Contract: a check reads the context and only appends to `reasons`; the order and the final
 * sorting are index.ts's business. The selector text, the commands and the workloads behind the
 * Service are worked out on first use and kept for the rest of this one diagnosis: most Services
 * are healthy and cite none of them, and several checks ask for the same ones. A command is
 * offered only for what the viewer may list (`listable`; the dashboard acting as itself may list
 * everything): one they would be refused shows nothing, like one that cannot be shown
 * (shell-quote.ts), and is left out the same way.
 */
import { notJudged, notVisible, type NotJudged } from '../judgeable';
import type { EndpointNode } from '../model';
import type { PodRecord, RecordKind, ServiceRecord, WorkloadRecord } from '../records';
import { hasNoPort, resolveServiceRouting, type ServiceRouting } from '../routing';
import { selectorToString } from '../selector';
import { kubectl, serviceSlicesCommand } from '../shell-quote';
import type { SnapshotIndex } from '../snapshot-index';
import type { DiagnosisReason, Evidence } from './types';

/** Evidence lists are capped so one broken 5,000-pod Service does not produce a megabyte. */
export const MAX_EVIDENCE = 20;

/** Marks a command not made yet (a made one may be `undefined`: not showable). */
const NOT_MADE = null;

/** The read-only commands most reasons cite, quoted (shell-quote.ts) when first read. */
export class ServiceCommands {
  private svcCommand: string | undefined | typeof NOT_MADE = NOT_MADE;
  private slicesCommand: string | undefined | typeof NOT_MADE = NOT_MADE;
  private endpointsCommand: string | undefined | typeof NOT_MADE = NOT_MADE;
  private podsCommand: string | undefined | typeof NOT_MADE = NOT_MADE;
  private readonly check: ServiceCheck;

  constructor(check: ServiceCheck) {
    this.check = check;
  }

  get svc(): string | undefined {
    if (this.svcCommand === NOT_MADE) {
      const { ns, name } = this.check;
      this.svcCommand = kubectl('get', 'service', '-n', ns, name, '-o', 'yaml');
    }
    return this.svcCommand;
  }

  get slices(): string | undefined {
    if (this.slicesCommand === NOT_MADE) {
      const { ns, name } = this.check;
      this.slicesCommand = listable(this.check, 'EndpointSlice', ns, () =>
        serviceSlicesCommand(ns, name),
      );
    }
    return this.slicesCommand;
  }

  get endpoints(): string | undefined {
    if (this.endpointsCommand === NOT_MADE) {
      const { ns, name } = this.check;
      this.endpointsCommand = listable(this.check, 'Endpoints', ns, () =>
        kubectl('get', 'endpoints', '-n', ns, name, '-o', 'yaml'),
      );
    }
    return this.endpointsCommand;
  }

  get pods(): string | undefined {
    if (this.podsCommand === NOT_MADE) {
      const { ns, selText } = this.check;
      this.podsCommand = listable(this.check, 'Pod', ns, () =>
        selText
          ? kubectl('get', 'pods', '-n', ns, '-l', selText, '-o', 'wide')
          : kubectl('get', 'pods', '-n', ns, '-o', 'wide'),
      );
    }
    return this.podsCommand;
  }
}

export class ServiceCheck {
  readonly svc: ServiceRecord;
  readonly ns: string;
  readonly name: string;
  readonly index: SnapshotIndex;
  readonly routing: ServiceRouting;
  /** Endpoints of `routing` that are ready. */
  readonly readyCount: number;
  /** Endpoints of `routing` that are ready and carry no port (routing.ts `hasNoPort`). */
  readonly readyWithoutPort: number;
  readonly reasons: DiagnosisReason[];
  /** Read-only commands, quoted (shell-quote.ts); undefined when a value cannot be shown. */
  readonly cmd: ServiceCommands;
  /** workloads.ts's `workloadsBehind`, kept once asked: the scale, missing and rollout checks read it. */
  workloads: WorkloadRecord[] | undefined;
  private selectorText: string | undefined;
  private staying: EndpointNode[] | undefined;

  constructor(service: ServiceRecord, index: SnapshotIndex, reasons: DiagnosisReason[]) {
    this.svc = service;
    this.ns = service.meta.namespace;
    this.name = service.meta.name;
    this.index = index;
    this.routing = resolveServiceRouting(index, service);
    let readyCount = 0;
    let readyWithoutPort = 0;
    const ports = service.ports.length;
    for (const ep of this.routing.endpoints) {
      if (!ep.ready) continue;
      readyCount++;
      if (hasNoPort(ep, ports)) readyWithoutPort++;
    }
    this.readyCount = readyCount;
    this.readyWithoutPort = readyWithoutPort;
    this.reasons = reasons;
    this.cmd = new ServiceCommands(this);
  }

  /** The selector as `kubectl -l` takes it (selectorToString); '' for a selector-less Service. */
  get selText(): string {
    return (this.selectorText ??= selectorToString(this.svc.selector));
  }

  /** The pod an endpoint names (`targetId` pod:<uid>), when the snapshot has it. */
  podOf(ep: EndpointNode): PodRecord | undefined {
    return ep.targetId?.startsWith('pod:')
      ? this.index.podsByUid.get(ep.targetId.slice('pod:'.length))
      : undefined;
  }

  /**
   * Ready endpoints whose pod is not being deleted. A pod with a deletionTimestamp is on its way
   * out: the controllers mark its endpoint terminating (not ready) a moment later, so a slice that
   * still calls it ready has not caught up, and the pod is not what keeps the Service serving.
   */
  get readyStaying(): EndpointNode[] {
    return (this.staying ??= this.routing.endpoints.filter(
      (ep) => ep.ready && this.podOf(ep)?.meta.deletionTimestamp === undefined,
    ));
  }

  /**
   * Why `kind` in this Service's namespace cannot be judged from the snapshot (judgeable.ts), or
   * undefined when it can: a check concludes nothing from the absence of what this names.
   */
  notJudged(kind: RecordKind): NotJudged | undefined {
    return notJudged(this.index.snapshot, kind, this.ns);
  }
}

/**
 * `command()` when the viewer may list `kind` in `namespace` ('' for every namespace, or a
 * cluster-scoped kind), else undefined: kubectl would refuse them, so it is not offered.
 */
export function listable(
  c: Pick<ServiceCheck, 'index'>,
  kind: RecordKind,
  namespace: string,
  command: () => string | undefined,
): string | undefined {
  return notVisible(c.index.snapshot, kind, namespace) ? undefined : command();
}

/** The context of a Service that routes through endpoints (not ExternalName). */
export function createServiceCheck(
  service: ServiceRecord,
  index: SnapshotIndex,
  reasons: DiagnosisReason[],
): ServiceCheck {
  return new ServiceCheck(service, index, reasons);
}

export function plural(
  n: number,
  one: string,
  many = one + (one.endsWith('s') ? 'es' : 's'),
): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function svcEvidence(c: ServiceCheck, field: string, value: string): Evidence {
  return { kind: 'Service', namespace: c.ns, name: c.name, field, value };
}

export function endpointEvidence(ep: EndpointNode, field: string, value: string): Evidence {
  const kind = ep.origin === 'legacy-endpoints' ? 'Endpoints' : 'EndpointSlice';
  return { kind, namespace: ep.namespace, name: ep.sources[0] ?? '', field, value };
}

export function podEvidence(pod: PodRecord, field: string, value: string): Evidence {
  return { kind: 'Pod', namespace: pod.meta.namespace, name: pod.meta.name, field, value };
}
