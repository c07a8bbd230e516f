/**
 * The admission layer of the handler chain: what a write is about to do (admission.Attributes of
 * staging/src/k8s.io/apiserver/pkg/admission), shown to each plugin in order before the registry
 * runs its strategies. A plugin refuses by throwing the apiserver's Status error; one that has no
 * objection returns.
 *
 * The REST handlers call it where kube-apiserver does: a create before the registry; an update,
 * patch or subresource write once the stored object has been read (a write to a missing object
 * is the registry's 404 first, unless the resource creates on update, which is then a CREATE);
 * a delete after its preconditions.
 */
import type { UserInfo } from '../../auth/types';
import type { ResourceInfo } from '../../core/resources';
import type { KubeObject } from '../../core/types';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  resource: ResourceInfo;
  /** `status`, `scale`, `binding`, `finalize`, or empty for the object itself. */
  subresource: string;
  /** The request's namespace; empty for cluster-scoped resources. */
  namespace: string;
  /** The object's name (empty on a create that only has a generateName). */
  name: string;
  /** The object as it will be written (the Binding for pods/binding); absent on DELETE. */
  object?: KubeObject;
  /** The stored object an update or delete acts on. */
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
}

export interface AdmissionPlugin {
  /** Throws the Status error that refuses the request; returns to let it through. */
  admit(attributes: AdmissionAttributes): void;
}

/** Every plugin in order; the first refusal wins (admission.chainAdmissionHandler). */
export function admissionChain(plugins: readonly AdmissionPlugin[]): AdmissionPlugin {
  return {
    admit(attributes) {
      for (const plugin of plugins) plugin.admit(attributes);
    },
  };
}
