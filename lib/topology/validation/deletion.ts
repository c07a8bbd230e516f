/**
 * What deleting a selector-less Service takes with it, decided from the cluster's current
 * objects: the one rule the delete dialog shows and the delete route follows.
 *
 * Contract: each endpoint object labelled with the Service's name (and its Endpoints) gets one
 * fate, with the reason in words:
 * - `with-service`: the cluster removes it when the Service goes — it is owned by the Service
 *   (the garbage collector), or it is the Service's Endpoints (upstream's endpoints controller
 *   deletes a deleted Service's Endpoints, selector or not), or a controller manages it;
 * - `deleted`: made by the external-Service form before its objects had owner references
 *   (the form's managed-by label or created-by annotation, no owner references at all), so
 *   nothing in the cluster would remove it: Switchboard deletes it right after the Service;
 * - `kept`: made by someone else and not owned by the Service — left as it is (a new Service of
 *   the same name would pick it up).
 * The Service itself is always `deleted`. `deletionCommand` is the kubectl equivalent.
 * Isomorphic, pure.
 */
import type { OwnerReference } from './manifests';
import { CREATED_BY_ANNOTATION, CREATED_BY_VALUE, MANAGED_BY, MANAGED_BY_LABEL } from './input';

export type DeletionFate = 'deleted' | 'with-service' | 'kept';

/** The fields of an object the decision reads. */
export interface DeletionCandidate {
  kind: 'Service' | 'EndpointSlice' | 'Endpoints';
  metadata: {
    name: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
  };
}

export interface PlannedDeletion {
  kind: DeletionCandidate['kind'];
  name: string;
  uid?: string;
  resourceVersion?: string;
  fate: DeletionFate;
  why: string;
}

/** Controllers that remove their slices of a Service that is gone. */
const CONTROLLERS = new Set([
  'endpointslice-controller.k8s.io',
  'endpointslicemirroring-controller.k8s.io',
]);

const ownedBy = (object: DeletionCandidate, serviceUid: string | undefined) =>
  serviceUid !== undefined &&
  (object.metadata.ownerReferences ?? []).some(
    (r) => r.kind === 'Service' && r.apiVersion === 'v1' && r.uid === serviceUid,
  );

/** Made by the external-Service form: its managed-by label (slices) or created-by annotation. */
export const madeByForm = (object: DeletionCandidate) =>
  object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ||
  object.metadata.annotations?.[CREATED_BY_ANNOTATION] === CREATED_BY_VALUE;

function fateOf(
  object: DeletionCandidate,
  serviceUid: string | undefined,
): Pick<PlannedDeletion, 'fate' | 'why'> {
  if (ownedBy(object, serviceUid)) {
    return {
      fate: 'with-service',
      why: 'owned by the Service: the garbage collector deletes it with the Service',
    };
  }
  const manager = object.metadata.labels?.[MANAGED_BY_LABEL] ?? '';
  if (CONTROLLERS.has(manager)) {
    return {
      fate: 'with-service',
      why: `managed by ${manager}, which removes it with the Service`,
    };
  }
  if (madeByForm(object) && !object.metadata.ownerReferences?.length) {
    return {
      fate: 'deleted',
      why: 'made by this form before its objects had owner references: Switchboard deletes it right after the Service',
    };
  }
  if (object.kind === 'Endpoints') {
    return {
      fate: 'with-service',
      why: "not owned by the Service, but the cluster's endpoints controller deletes a deleted Service's Endpoints, whoever made them",
    };
  }
  return {
    fate: 'kept',
    why: 'not made by this form and not owned by the Service: left as it is (a new Service with this name would pick it up)',
  };
}

/** The Service first, then its EndpointSlices by name, then its Endpoints, each with its fate. */
export function planDeletion(
  service: DeletionCandidate,
  endpointObjects: readonly DeletionCandidate[],
): PlannedDeletion[] {
  const ref = (o: DeletionCandidate) => ({
    kind: o.kind,
    name: o.metadata.name,
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
    ...(o.metadata.resourceVersion ? { resourceVersion: o.metadata.resourceVersion } : {}),
  });
  const order = (o: DeletionCandidate) => (o.kind === 'EndpointSlice' ? 0 : 1);
  const others = [...endpointObjects].sort(
    (a, b) => order(a) - order(b) || a.metadata.name.localeCompare(b.metadata.name),
  );
  return [
    { ...ref(service), fate: 'deleted', why: 'the Service itself' },
    ...others.map((o) => ({ ...ref(o), ...fateOf(o, service.metadata.uid) })),
  ];
}

const RESOURCE = { Service: 'service', EndpointSlice: 'endpointslice', Endpoints: 'endpoints' };

/**
 * The kubectl commands that do what the delete does: the Service in the background (kubectl's
 * default cascade, said outright), then what Switchboard deletes itself, one command per kind.
 */
export function deletionCommand(namespace: string, plan: readonly PlannedDeletion[]): string {
  const lines: string[] = [];
  for (const kind of ['Service', 'EndpointSlice', 'Endpoints'] as const) {
    const names = plan.filter((p) => p.kind === kind && p.fate === 'deleted').map((p) => p.name);
    if (!names.length) continue;
    const cascade = kind === 'Service' ? ' --cascade=background' : '';
    lines.push(`kubectl delete ${RESOURCE[kind]} ${names.join(' ')} -n ${namespace}${cascade}`);
  }
  return lines.join('\n');
}

/** Each fate in words, for the dialog's list (the fate is never told by colour alone). */
export const FATE_TEXT: Record<DeletionFate, string> = {
  deleted: 'deleted by Switchboard',
  'with-service': 'deleted by the cluster with the Service',
  kept: 'kept',
};
