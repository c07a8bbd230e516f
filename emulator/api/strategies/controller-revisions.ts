/**
 * apps/v1 ControllerRevision: upstream's ValidateControllerRevision and
 * ValidateControllerRevisionUpdate (pkg/apis/apps/validation/validation.go) with their messages —
 * a DNS-subdomain name, `data` present ("data is mandatory"), `revision` ≥ 0, and `data` immutable
 * (the revision number may change: that is how a controller rolls back to an old revision). The
 * registry has no defaults; `revision` is an int64 without omitempty, so an absent one is stored
 * as 0, as the Go round trip would.
 */
import { deepEqual } from '../../core/deep-equal';
import { invalid, required } from '../../core/field-errors';
import { nameIsDNSSubdomain } from '../../core/names';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';

function validateControllerRevision(obj: KubeObject): FieldCause[] {
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  // A RawExtension that is absent or JSON null decodes to no object.
  if (obj.data === undefined || obj.data === null)
    causes.push(required('data', 'data is mandatory'));
  const revision = obj.revision;
  if (typeof revision === 'number' && revision < 0)
    causes.push(invalid('revision', revision, 'must be greater than or equal to 0'));
  return causes;
}

function validateControllerRevisionUpdate(obj: KubeObject, previous: KubeObject): FieldCause[] {
  const causes = [...validateObjectMetaUpdate(obj, previous), ...validateControllerRevision(obj)];
  // Upstream renders the Go object here; the JSON says the same to a reader.
  if (!deepEqual(obj.data, previous.data))
    causes.push(invalid('data', { go: JSON.stringify(obj.data ?? null) }, 'field is immutable'));
  return causes;
}

export const controllerRevisionStrategy: ResourceStrategy = {
  default(obj) {
    if (obj.revision === undefined || obj.revision === null) obj.revision = 0;
  },
  validate: (obj, previous) =>
    previous ? validateControllerRevisionUpdate(obj, previous) : validateControllerRevision(obj),
};
