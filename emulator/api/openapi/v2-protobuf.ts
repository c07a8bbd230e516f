/**
 * A minimal OpenAPI v2 document in gnostic's protobuf encoding (openapi_v2.Document, the
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` body of `/openapi/v2`), which is
 * what kubectl 1.27/1.28 download before `create`/`apply` with validation on. It holds only what
 * their field-validation check reads: one PATCH operation per kind with the
 * `x-kubernetes-group-version-kind` extension and a `fieldValidation` query parameter. With it,
 * kubectl sends `fieldValidation=Strict` and leaves validation to the server; having no
 * definitions, kubectl apply computes patches from its compiled-in types.
 *
 * Off by default (the emulator answers /openapi/v2 with 404); see MetaContext.openAPIV2.
 */
import { RESOURCES, RESOURCE_NAMES } from '../../core/resources';

class Writer {
  private chunks: number[] = [];
  varint(n: number): this {
    let v = n;
    while (v > 0x7f) {
      this.chunks.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.chunks.push(v);
    return this;
  }
  bytes(field: number, data: Uint8Array): this {
    this.varint(field * 8 + 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }
  bool(field: number, value: boolean): this {
    return this.varint(field * 8).varint(value ? 1 : 0);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function namedAny(w: Writer, field: number, name: string, yaml: string) {
  w.message(field, (n) => n.string(1, name).message(2, (a) => a.string(2, yaml)));
}

function queryParameter(w: Writer, name: string, description: string) {
  // ParametersItem.parameter(1) → Parameter.non_body_parameter(2) → query_parameter_sub_schema(3)
  w.message(8, (item) =>
    item.message(1, (p) =>
      p.message(2, (nb) =>
        nb.message(3, (q) =>
          q
            .string(2, 'query')
            .string(3, description)
            .string(4, name)
            .string(6, 'string')
            .bool(20, true),
        ),
      ),
    ),
  );
}

export function openAPIV2Protobuf(minor: number): Uint8Array {
  const doc = new Writer();
  doc.string(1, '2.0');
  doc.message(2, (info) => info.string(1, 'Kubernetes').string(2, `v1.${minor}.0`));
  doc.message(8, (paths) => {
    for (const info of RESOURCE_NAMES.map((r) => RESOURCES[r])) {
      const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      const path = info.namespaced
        ? `${base}/namespaces/{namespace}/${info.resource}/{name}`
        : `${base}/${info.resource}/{name}`;
      paths.message(2, (named) =>
        named.string(1, path).message(2, (item) =>
          item.message(8, (op) => {
            op.string(3, `partially update the specified ${info.kind}`);
            op.string(5, `patch${info.namespaced ? 'Namespaced' : ''}${info.kind}`);
            for (const t of [
              'application/json-patch+json',
              'application/merge-patch+json',
              'application/apply-patch+yaml',
            ])
              op.string(7, t);
            op.string(6, 'application/json');
            queryParameter(
              op,
              'dryRun',
              'When present, indicates that modifications should not be persisted.',
            );
            queryParameter(
              op,
              'fieldManager',
              'fieldManager is a name associated with the actor or entity that is making these changes.',
            );
            queryParameter(
              op,
              'fieldValidation',
              'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields.',
            );
            op.message(9, (responses) =>
              responses.message(1, (rc) =>
                rc.string(1, '200').message(2, (rv) => rv.message(1, (r) => r.string(1, 'OK'))),
              ),
            );
            namedAny(op, 13, 'x-kubernetes-action', 'patch\n');
            namedAny(
              op,
              13,
              'x-kubernetes-group-version-kind',
              `group: ${JSON.stringify(info.group)}\nkind: ${info.kind}\nversion: ${info.version}\n`,
            );
          }),
        ),
      );
    }
  });
  return doc.finish();
}
