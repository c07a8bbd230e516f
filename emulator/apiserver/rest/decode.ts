/**
 * Request bodies as the apiserver's decoders read them: the 3 MiB size limit (413), JSON, YAML and
 * kubectl's protobuf (415 for anything else), the object's apiVersion/kind against the URL's
 * resource, values of the wrong JSON type and malformed quantities refused as decoding into the
 * Go struct refuses them (valid quantities rewritten in their canonical form), and unknown fields handled per `fieldValidation` (Strict → 400, Warn and the default → Warning
 * headers, Ignore → nothing).
 */
import { parse as parseYaml } from 'yaml';
import { canonicalizeQuantities } from '../../api/openapi/quantities';
import { typeMismatch } from '../../api/openapi/type-mismatch';
import { unknownFields } from '../../api/openapi/unknown-fields';
import {
  badRequest,
  invalid,
  requestEntityTooLarge,
  unsupportedMediaType,
} from '../../core/errors';
import { decodeProtobufObject, PROTOBUF_TYPE } from '../../core/protobuf';
import type { ResourceInfo } from '../../core/resources';
import type { KubeObject, ResourceName } from '../../core/types';
import { goFormat } from '../../core/go-format';
import type { WriteParams } from './query';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function readBody(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body; whatever we answer, nobody reads it.
      throw badRequest('unexpected EOF while reading the request body');
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > MAX_REQUEST_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw requestEntityTooLarge(MAX_REQUEST_BODY_BYTES);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The start of a body, as the decoder's errors quote it. */
export function summarize(text: string): string {
  if (text.length === 0) return '<empty>';
  return text.length > 30 ? `${text.slice(0, 30)} ...` : text;
}

/** `the object provided is unrecognized (must be of type X): …` (400). */
export function unrecognized(kind: string, error: unknown, text: string) {
  return badRequest(
    `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${(error as Error).message} (${summarize(text)})`,
  );
}

function versionMismatch(found: unknown, expected: string) {
  return badRequest(
    `the API version in the data (${String(found)}) does not match the expected API version (${expected})`,
  );
}

/** Decodes a create/update body as the apiserver's serializer would (JSON, YAML, protobuf). */
export function decodeObject(info: ResourceInfo, body: Uint8Array, type: string): KubeObject {
  const text = new TextDecoder().decode(body);
  let value: unknown;
  if (type === '' || type === 'application/json' || type === '*/*') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw unrecognized(info.kind, error, text);
    }
  } else if (type === 'application/yaml') {
    try {
      value = parseYaml(text);
    } catch (error) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${info.kind}): yaml: ${(error as Error).message} (${summarize(text)})`,
      );
    }
  } else if (type === PROTOBUF_TYPE) {
    value = decodeProtobufObject(body, info.kind);
  } else {
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${summarize(text)})`,
    );
  }
  const object = value as KubeObject;
  if (object.apiVersion !== undefined && object.apiVersion !== info.apiVersion) {
    throw versionMismatch(object.apiVersion, info.apiVersion);
  }
  if (object.kind !== undefined && object.kind !== info.kind) {
    throw badRequest(
      `${String(object.kind)} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: converting (${info.version}.${String(object.kind)}) to (${info.version}.${info.kind}): unknown conversion`,
    );
  }
  if (
    object.metadata !== undefined &&
    (typeof object.metadata !== 'object' || object.metadata === null)
  ) {
    throw badRequest(
      `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: json: cannot unmarshal ${typeof object.metadata} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  object.apiVersion = info.apiVersion;
  object.kind = info.kind;
  object.metadata ??= {};
  return object;
}

/** A patched object must still be the resource's kind. */
export function checkPatchedKind(info: ResourceInfo, object: KubeObject): void {
  if (object.apiVersion !== info.apiVersion || object.kind !== info.kind) {
    throw versionMismatch(object.apiVersion, info.apiVersion);
  }
}

/**
 * The apiserver decodes every body into the kind's Go struct before anything else, so a value
 * of the wrong JSON type (`replicas: "abc"`, an object for a list) or a malformed quantity
 * (`cpu: 2 cores`) is refused, and valid quantities take their canonical form: a create/update
 * body → 400 (the decoder's `… cannot be handled as a …`); a JSON or merge patch → 422 on `patch`
 * quoting the patched object (upstream patch.go's jsonPatcher); a strategic merge patch → 422 on
 * `patch` quoting the patch as Go prints it, in the unstructured converter's words (smpPatcher).
 * `patch` is false for create/update, true for JSON/merge patches and apply, or the parsed
 * strategic merge patch.
 */
export function checkTypes(
  info: ResourceInfo,
  object: unknown,
  patch: boolean | { strategic: unknown },
): void {
  const strategic = typeof patch === 'object';
  // A Quantity's UnmarshalJSON error stops encoding/json at once, while a type mismatch is only
  // remembered until the end, so a bad quantity anywhere is the error reported.
  const mismatch =
    canonicalizeQuantities(info.resource, object) ??
    typeMismatch(info.resource, object, strategic ? 'unstructured' : 'json');
  if (!mismatch) return;
  if (patch) {
    const value = strategic ? goFormat(patch.strategic) : JSON.stringify(object);
    throw invalid('', '', '', [
      {
        reason: 'FieldValueInvalid',
        field: 'patch',
        message: `Invalid value: ${JSON.stringify(value)}: ${mismatch}`,
      },
    ]);
  }
  throw badRequest(
    `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${mismatch}`,
  );
}

const SCALE_FIELDS: Record<string, Set<string> | undefined> = {
  '': new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']),
  spec: new Set(['replicas']),
  status: new Set(['replicas', 'selector']),
};

/** autoscaling/v1 Scale is not in emulator/api's schemas; its few fields are checked here. */
function unknownScaleFields(object: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    const allowed = SCALE_FIELDS[path];
    if (!allowed || typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const child = path ? `${path}.${k}` : k;
      if (!allowed.has(k)) out.push(child);
      else walk(v, child);
    }
  };
  walk(object, '');
  return out;
}

/** Strict → 400, Warn (and the default) → the Warning headers to send, Ignore → nothing. */
export function checkUnknownFields(
  resource: ResourceName | 'scale',
  object: unknown,
  params: WriteParams,
): string[] {
  if (params.fieldValidation === 'Ignore') return [];
  const unknown =
    resource === 'scale' ? unknownScaleFields(object) : unknownFields(resource, object);
  if (unknown.length === 0) return [];
  const messages = unknown.map((f) => `unknown field ${JSON.stringify(f)}`);
  if (params.fieldValidation === 'Strict') {
    throw badRequest(`strict decoding error: ${messages.join(', ')}`);
  }
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}
