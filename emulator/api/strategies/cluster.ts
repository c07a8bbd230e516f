/**
 * Namespaces, Nodes and Events: light defaults and validation (names, scope, metadata), after
 * upstream's ValidateNamespace, ValidateNode and ValidateEvent; a Namespace's spec.finalizers
 * follow namespaceStrategy's PrepareForCreate/PrepareForUpdate (pkg/registry/core/namespace).
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { invalid } from '../../core/field-errors';
import {
  validateCoreFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/object-meta-validation';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../../core/names';

export const namespaceStrategy: ResourceStrategy = {
  default(obj, previous) {
    const name = obj.metadata.name;
    // The NamespaceDefaultLabelName feature: the name is always mirrored into a label.
    if (name)
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
    const spec = ((obj.spec as Record<string, unknown> | undefined) ??= {});
    obj.spec = spec;
    if (!previous) {
      // PrepareForCreate: `kubernetes` is required on create, appended to whatever was asked
      // for (it may be removed later, through /finalize).
      const asked = Array.isArray(spec.finalizers) ? (spec.finalizers as unknown[]) : [];
      spec.finalizers = asked.includes('kubernetes') ? asked : [...asked, 'kubernetes'];
    } else {
      // PrepareForUpdate: spec.finalizers change only through /finalize.
      const kept = (previous.spec as Record<string, unknown> | undefined)?.finalizers;
      if (kept === undefined) delete spec.finalizers;
      else spec.finalizers = structuredClone(kept);
    }
    const status = ((obj.status as Record<string, unknown> | undefined) ??= {});
    obj.status = status;
    if (!status.phase) status.phase = obj.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  },
  validate(obj, previous) {
    const causes = validateObjectMeta(obj.metadata, false, nameIsDNSLabel);
    // ValidateNamespace reports spec.finalizers without an index.
    for (const f of namespaceFinalizers(obj))
      causes.push(...validateCoreFinalizerName(f, 'spec.finalizers'));
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    return causes;
  },
};

function namespaceFinalizers(obj: KubeObject): string[] {
  const list = (obj.spec as Record<string, unknown> | undefined)?.finalizers;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

export const nodeStrategy: ResourceStrategy = {
  validate(obj, previous) {
    const causes = validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain);
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    return causes;
  },
};

interface EventShape extends KubeObject {
  involvedObject?: { namespace?: string };
}

export const eventStrategy: ResourceStrategy = {
  validate(obj, previous) {
    const ev = obj as EventShape;
    const causes: FieldCause[] = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
    const involvedNs = ev.involvedObject?.namespace;
    if (involvedNs && obj.metadata.namespace && involvedNs !== obj.metadata.namespace)
      causes.push(
        invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'),
      );
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    return causes;
  },
};
