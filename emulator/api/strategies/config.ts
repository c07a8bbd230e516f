/**
 * v1 ConfigMap and ServiceAccount: upstream's ValidateConfigMap/ValidateConfigMapUpdate (keys,
 * data/binaryData overlap, the 1 MiB total, `immutable`) and ValidateServiceAccount
 * (pkg/apis/core/validation/validation.go), with their messages. Neither kind has defaults.
 */
import { deepEqual } from '../../core/deep-equal';
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { forbidden, invalid, tooLong } from '../../core/field-errors';
import { isConfigMapKey } from '../validation/keys';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { nameIsDNSSubdomain } from '../../core/names';

/** core.MaxSecretSize, which bounds ConfigMaps too. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

function validateConfigMap(obj: KubeObject): FieldCause[] {
  const cm = obj as ConfigMapObject;
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  let total = 0;
  // Upstream walks Go maps (random order); sorted keys keep the causes stable.
  for (const key of Object.keys(data).sort()) {
    for (const msg of isConfigMapKey(key)) causes.push(invalid(`data[${key}]`, key, msg));
    if (key in binary)
      causes.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(String(data[key] ?? ''));
  }
  for (const key of Object.keys(binary).sort()) {
    for (const msg of isConfigMapKey(key)) causes.push(invalid(`binaryData[${key}]`, key, msg));
    total += Buffer.from(String(binary[key] ?? ''), 'base64').length;
  }
  // The field is the whole object (an empty path).
  if (total > MAX_CONFIG_MAP_BYTES) causes.push(tooLong('', MAX_CONFIG_MAP_BYTES));
  return causes;
}

const IMMUTABLE = 'field is immutable when `immutable` is set';

function validateConfigMapUpdate(obj: KubeObject, previous: KubeObject): FieldCause[] {
  const next = obj as ConfigMapObject;
  const old = previous as ConfigMapObject;
  const causes = validateObjectMetaUpdate(obj, previous);
  if (old.immutable === true) {
    if (next.immutable !== true) causes.push(forbidden('immutable', IMMUTABLE));
    if (!deepEqual(next.data, old.data)) causes.push(forbidden('data', IMMUTABLE));
    if (!deepEqual(next.binaryData, old.binaryData))
      causes.push(forbidden('binaryData', IMMUTABLE));
  }
  return [...causes, ...validateConfigMap(obj)];
}

export const configMapStrategy: ResourceStrategy = {
  validate: (obj, previous) =>
    previous ? validateConfigMapUpdate(obj, previous) : validateConfigMap(obj),
};

export const serviceAccountStrategy: ResourceStrategy = {
  validate(obj, previous) {
    const causes = previous ? validateObjectMetaUpdate(obj, previous) : [];
    return [...causes, ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain)];
  },
};
