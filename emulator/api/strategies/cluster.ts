/**
 * Namespaces, Nodes and Events: light defaults and validation (names, scope, metadata), after
 * upstream's ValidateNamespace, ValidateNode and ValidateEvent.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { invalid } from '../../core/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../../core/names';

export const namespaceStrategy: ResourceStrategy = {
  default(obj, previous) {
    const name = obj.metadata.name;
    // The NamespaceDefaultLabelName feature: the name is always mirrored into a label.
    if (name)
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
    const spec = ((obj.spec as Record<string, unknown> | undefined) ??= {});
    obj.spec = spec;
    if (!previous) spec.finalizers ??= ['kubernetes'];
    const status = ((obj.status as Record<string, unknown> | undefined) ??= {});
    obj.status = status;
    if (!status.phase) status.phase = obj.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  },
  validate(obj, previous) {
    const causes = validateObjectMeta(obj.metadata, false, nameIsDNSLabel);
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    return causes;
  },
};

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
