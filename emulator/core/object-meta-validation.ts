/**
 * ObjectMeta validation as the apiserver runs it for every kind (`ValidateObjectMeta`,
 * `ValidateAnnotations` in staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go,
 * `ValidateLabels` in pkg/apis/meta/v1/validation), plus the update rules of
 * `ValidateObjectMetaUpdate` that matter here. Every strategy calls it, and the store calls it
 * for kinds that have no strategy of their own.
 */
import { forbidden, goStringSlice, invalid, required, tooLong } from './field-errors';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, type NameValidator } from './names';
import type { FieldCause, KubeObject, ObjectMeta } from './types';

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

export function validateLabels(
  labels: Record<string, string> | undefined,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!labels || typeof labels !== 'object') return causes;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) causes.push(invalid(field, k, msg));
    for (const msg of isValidLabelValue(String(v))) causes.push(invalid(field, String(v), msg));
  }
  return causes;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!annotations || typeof annotations !== 'object') return causes;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // Annotation keys are qualified names, compared case-insensitively.
    for (const msg of isQualifiedName(k.toLowerCase())) causes.push(invalid(field, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B)
    causes.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return causes;
}

/** The finalizers that need no domain prefix (core's IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** apimachinery's ValidateFinalizerName: a finalizer is a qualified name. */
export function validateFinalizerName(value: string, field: string): FieldCause[] {
  return isQualifiedName(value).map((msg) => invalid(field, value, msg));
}

/**
 * core's validateKubeFinalizerName: a name without a `/` must be one of the standard ones. It
 * does not repeat the qualified-name check, which the caller has already run at its own path.
 */
export function validateKubeFinalizerName(value: string, field: string): FieldCause[] {
  if (value.includes('/') || STANDARD_FINALIZERS.has(value)) return [];
  return [
    invalid(field, value, 'name is neither a standard finalizer name nor is it fully qualified'),
  ];
}

/** core's validateFinalizerName (Namespace spec.finalizers): both checks at one path. */
export function validateCoreFinalizerName(value: string, field: string): FieldCause[] {
  return [...validateFinalizerName(value, field), ...validateKubeFinalizerName(value, field)];
}

/**
 * metadata.finalizers as the core registries check them: apimachinery's ValidateFinalizers
 * (every name at `metadata.finalizers`, unindexed, and `orphan` with `foregroundDeletion`), then
 * core's ValidateObjectMeta adds validateKubeFinalizerName at each index. So `bad name` gets two
 * causes and `nofqdn` one, as on a real apiserver.
 */
export function validateMetaFinalizers(finalizers: unknown): FieldCause[] {
  if (!Array.isArray(finalizers)) return [];
  const names = finalizers.filter((f): f is string => typeof f === 'string');
  const causes: FieldCause[] = [];
  for (const f of names) causes.push(...validateFinalizerName(f, 'metadata.finalizers'));
  if (names.includes('orphan') && names.includes('foregroundDeletion'))
    causes.push(
      invalid(
        'metadata.finalizers',
        goStringSlice(names),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  names.forEach((f, i) =>
    causes.push(...validateKubeFinalizerName(f, `metadata.finalizers[${i}]`)),
  );
  return causes;
}

/** ValidateObjectMeta: names, namespace presence, generation, labels, annotations, owners. */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  requiresNamespace: boolean,
  nameFn: NameValidator,
): FieldCause[] {
  const m: ObjectMeta = meta ?? {};
  const causes: FieldCause[] = [];
  const generateName = typeof m.generateName === 'string' ? m.generateName : '';
  const name = typeof m.name === 'string' ? m.name : '';
  if (generateName)
    for (const msg of nameFn(generateName, true))
      causes.push(invalid('metadata.generateName', generateName, msg));
  // The registry turns generateName into a name before validation; tolerate either order.
  if (!name) {
    if (!generateName) causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) causes.push(invalid('metadata.name', name, msg));
  }
  const namespace = typeof m.namespace === 'string' ? m.namespace : '';
  if (requiresNamespace) {
    if (!namespace) causes.push(required('metadata.namespace'));
    else
      for (const msg of isDNS1123Label(namespace))
        causes.push(invalid('metadata.namespace', namespace, msg));
  } else if (namespace) {
    causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0)
    causes.push(invalid('metadata.generation', m.generation, 'must be greater than or equal to 0'));
  causes.push(...validateLabels(m.labels, 'metadata.labels'));
  causes.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  (m.ownerReferences ?? []).forEach((ref, i) => {
    const path = `metadata.ownerReferences[${i}]`;
    if (!ref.apiVersion) causes.push(required(`${path}.apiVersion`, 'version must not be empty'));
    if (!ref.kind) causes.push(required(`${path}.kind`, 'kind must not be empty'));
    if (!ref.name) causes.push(required(`${path}.name`, 'name must not be empty'));
    if (!ref.uid) causes.push(required(`${path}.uid`, 'uid must not be empty'));
  });
  causes.push(...validateMetaFinalizers(m.finalizers));
  return causes;
}

/** The update half: name, namespace, uid and creationTimestamp may not change. */
export function validateObjectMetaUpdate(next: KubeObject, previous: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const pairs: [string, unknown, unknown][] = [
    ['metadata.name', next.metadata.name, previous.metadata.name],
    ['metadata.namespace', next.metadata.namespace, previous.metadata.namespace],
  ];
  for (const [field, a, b] of pairs) {
    if ((a ?? '') !== (b ?? '')) causes.push(invalid(field, String(a ?? ''), 'field is immutable'));
  }
  return causes;
}
