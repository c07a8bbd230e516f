/**
 * Just enough of Kubernetes' protobuf envelope to read a SelfSubjectAccessReview: client-go
 * (`kubectl auth can-i`) posts built-in types as `application/vnd.kubernetes.protobuf` while
 * accepting JSON back. The envelope is the magic "k8s\0" followed by a runtime.Unknown message
 * (1: typeMeta{1: apiVersion, 2: kind}, 2: raw bytes of the object).
 */

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export type Fields = Map<number, (Uint8Array | number)[]>;

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  let p = pos;
  for (;;) {
    if (p >= buf.length) throw new Error('truncated varint');
    const b = buf[p++] ?? 0;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, p];
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

/** Parses one message level: field number → values (bytes for length-delimited, numbers for varints). */
export function parseMessage(buf: Uint8Array): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: Uint8Array | number;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, p1);
      value = v;
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, p1);
      if (p2 + len > buf.length) throw new Error('truncated field');
      value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      value = 0;
      pos = p1 + 8;
    } else if (wire === 5) {
      value = 0;
      pos = p1 + 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const text = new TextDecoder();
function str(fields: Fields, n: number): string | undefined {
  const v = fields.get(n)?.[0];
  return v instanceof Uint8Array ? text.decode(v) : undefined;
}
function sub(fields: Fields, n: number): Fields | undefined {
  const v = fields.get(n)?.[0];
  return v instanceof Uint8Array ? parseMessage(v) : undefined;
}

export function isProtobuf(contentType: string | null): boolean {
  return (contentType ?? '').split(';')[0]?.trim() === 'application/vnd.kubernetes.protobuf';
}

/**
 * Opens the envelope: the object's fields, and its kind and apiVersion (the envelope's typeMeta,
 * else `kind` in `apiVersion`); throws on malformed input.
 */
function openEnvelope(
  body: Uint8Array,
  kind: string,
  apiVersion = 'authorization.k8s.io/v1',
): { object: Fields; typeMeta: { kind: string; apiVersion: string } } {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b))
    throw new Error('missing protobuf magic');
  const unknown = parseMessage(body.subarray(4));
  const typeMeta = sub(unknown, 1);
  const raw = unknown.get(2)?.[0];
  if (!(raw instanceof Uint8Array)) throw new Error('missing object bytes');
  return {
    object: parseMessage(raw),
    typeMeta: {
      kind: (typeMeta && str(typeMeta, 2)) || kind,
      apiVersion: (typeMeta && str(typeMeta, 1)) || apiVersion,
    },
  };
}

/** Decodes a protobuf SelfSubjectAccessReview into its JSON form; throws on malformed input. */
export function decodeSelfSubjectAccessReview(body: Uint8Array): Record<string, unknown> {
  const { object: review, typeMeta } = openEnvelope(body, 'SelfSubjectAccessReview');
  const spec = sub(review, 2) ?? new Map();
  const out: Record<string, unknown> = { ...typeMeta };
  const specOut: Record<string, unknown> = {};
  const ra = sub(spec, 1);
  if (ra) {
    const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    const attrs: Record<string, string> = {};
    names.forEach((name, i) => {
      const v = str(ra, i + 1);
      if (v) attrs[name] = v;
    });
    specOut.resourceAttributes = attrs;
  }
  const nra = sub(spec, 2);
  if (nra) {
    const attrs: Record<string, string> = {};
    const path = str(nra, 1);
    const verb = str(nra, 2);
    if (path) attrs.path = path;
    if (verb) attrs.verb = verb;
    specOut.nonResourceAttributes = attrs;
  }
  out.spec = specOut;
  return out;
}

/**
 * Decodes a protobuf SelfSubjectRulesReview (`kubectl auth can-i --list`): the envelope as
 * above, then the object's field 2 (spec) whose field 1 is the namespace.
 */
export function decodeSelfSubjectRulesReview(body: Uint8Array): Record<string, unknown> {
  const { object, typeMeta } = openEnvelope(body, 'SelfSubjectRulesReview');
  const spec = sub(object, 2) ?? new Map();
  const namespace = str(spec, 1);
  return { ...typeMeta, spec: namespace ? { namespace } : {} };
}

/**
 * Decodes a protobuf TokenRequest or TokenReview (authentication.k8s.io/v1, generated.proto:
 * TokenRequest{1: metadata, 2: spec{1: audiences, 3: boundObjectRef{1: kind, 2: apiVersion,
 * 3: name, 4: uid}, 4: expirationSeconds}}, TokenReview{1: metadata, 2: spec{1: token,
 * 2: audiences}}) into its JSON form; throws on malformed input.
 */
export function decodeAuthenticationRequest(
  body: Uint8Array,
  kind: 'TokenRequest' | 'TokenReview',
): Record<string, unknown> {
  const { object, typeMeta } = openEnvelope(body, kind, 'authentication.k8s.io/v1');
  const metadata = sub(object, 1);
  const spec = sub(object, 2) ?? new Map();
  const strings = (fields: Fields, n: number) =>
    (fields.get(n) ?? []).flatMap((v) => (v instanceof Uint8Array ? [text.decode(v)] : []));
  const specOut: Record<string, unknown> = {};
  if (kind === 'TokenReview') {
    const token = str(spec, 1);
    if (token !== undefined) specOut.token = token;
    const audiences = strings(spec, 2);
    if (audiences.length) specOut.audiences = audiences;
  } else {
    const audiences = strings(spec, 1);
    if (audiences.length) specOut.audiences = audiences;
    const seconds = spec.get(4)?.[0];
    if (typeof seconds === 'number') specOut.expirationSeconds = seconds;
    const ref = sub(spec, 3);
    if (ref) {
      const out: Record<string, string> = {};
      ['kind', 'apiVersion', 'name', 'uid'].forEach((name, i) => {
        const v = str(ref, i + 1);
        if (v) out[name] = v;
      });
      specOut.boundObjectRef = out;
    }
  }
  const metadataOut: Record<string, string> = {};
  const name = metadata && str(metadata, 1);
  const namespace = metadata && str(metadata, 3);
  if (name) metadataOut.name = name;
  if (namespace) metadataOut.namespace = namespace;
  return { ...typeMeta, metadata: metadataOut, spec: specOut };
}
