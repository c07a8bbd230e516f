/**
 * Field selectors and the list/watch filter: the field-selector parser of
 * k8s.io/apimachinery/pkg/fields (terms, escaping, =, ==, !=) and the field labels each
 * registry indexes (its GetAttrs / field label conversion functions, pkg/registry/.../strategy.go),
 * plus `ObjectFilter`, the parsed `?labelSelector=` and `?fieldSelector=` a list or watch applies.
 * Parse errors and unsupported fields throw ApiError 400 BadRequest with upstream's message.
 */
import { badRequest } from './errors';
import { parseLabelSelector } from './label-selector-parser';
import { matchesLabels, type LabelRequirements } from './label-selectors';
import type { KubeObject, ResourceName } from './types';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

function splitTerms(input: string): string[] {
  if (input === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

function unescapeValue(value: string): string {
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: '${c}'`);
    } else out += c;
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses a field selector as fields.ParseSelector does; field support is checked separately. */
export function parseFieldSelector(input: string): FieldSelector {
  const out: FieldRequirement[] = [];
  for (const part of splitTerms(input).sort()) {
    if (part === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < part.length && !found; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (part.startsWith(op, i)) {
          found = {
            field: part.slice(0, i),
            operator: op,
            value: unescapeValue(part.slice(i + op.length)),
          };
          break;
        }
      }
    }
    if (!found) throw badRequest(`invalid selector: '${input}'; can't understand '${part}'`);
    out.push(found);
  }
  return out;
}

function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

function path(object: KubeObject, ...keys: string[]): unknown {
  let cur: unknown = object;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The field labels each registry supports (GetAttrs / field label conversion funcs). */
const FIELDS: Partial<Record<ResourceName, Record<string, (o: KubeObject) => string>>> = {
  pods: {
    'spec.nodeName': (o) => str(path(o, 'spec', 'nodeName')),
    'spec.restartPolicy': (o) => str(path(o, 'spec', 'restartPolicy')),
    'spec.schedulerName': (o) => str(path(o, 'spec', 'schedulerName')),
    'spec.serviceAccountName': (o) => str(path(o, 'spec', 'serviceAccountName')),
    'spec.hostNetwork': (o) => String(path(o, 'spec', 'hostNetwork') === true),
    'status.phase': (o) => str(path(o, 'status', 'phase')),
    'status.podIP': (o) => str(path(o, 'status', 'podIP')),
    'status.nominatedNodeName': (o) => str(path(o, 'status', 'nominatedNodeName')),
  },
  services: {
    'spec.clusterIP': (o) => str(path(o, 'spec', 'clusterIP')),
    'spec.type': (o) => str(path(o, 'spec', 'type')),
  },
  namespaces: {
    'status.phase': (o) => str(path(o, 'status', 'phase')),
  },
  nodes: {
    'spec.unschedulable': (o) => String(path(o, 'spec', 'unschedulable') === true),
  },
  replicasets: {
    'status.replicas': (o) => str(path(o, 'status', 'replicas') ?? 0),
  },
  events: {
    'involvedObject.kind': (o) => str(path(o, 'involvedObject', 'kind')),
    'involvedObject.namespace': (o) => str(path(o, 'involvedObject', 'namespace')),
    'involvedObject.name': (o) => str(path(o, 'involvedObject', 'name')),
    'involvedObject.uid': (o) => str(path(o, 'involvedObject', 'uid')),
    'involvedObject.apiVersion': (o) => str(path(o, 'involvedObject', 'apiVersion')),
    'involvedObject.resourceVersion': (o) => str(path(o, 'involvedObject', 'resourceVersion')),
    'involvedObject.fieldPath': (o) => str(path(o, 'involvedObject', 'fieldPath')),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(path(o, 'source', 'component')),
    type: (o) => str(o.type),
  },
};

function fieldGetter(
  resource: ResourceName,
  field: string,
): ((o: KubeObject) => string) | undefined {
  if (field === 'metadata.name') return (o) => o.metadata.name ?? '';
  if (field === 'metadata.namespace') return (o) => o.metadata.namespace ?? '';
  return FIELDS[resource]?.[field];
}

/** Throws 400 `field label not supported: X` for a field the resource does not index. */
export function checkFieldSelector(resource: ResourceName, selector: FieldSelector): void {
  for (const r of selector) {
    if (!fieldGetter(resource, r.field)) throw badRequest(`field label not supported: ${r.field}`);
  }
}

export function matchesFields(
  resource: ResourceName,
  selector: FieldSelector,
  object: KubeObject,
): boolean {
  for (const r of selector) {
    const get = fieldGetter(resource, r.field);
    if (!get) return false;
    const value = get(object);
    if (r.operator === '!=' ? value === r.value : value !== r.value) return false;
  }
  return true;
}

/** A parsed list/watch filter: labels and fields together. */
export interface ObjectFilter {
  labels: LabelRequirements;
  fields: FieldSelector;
}

export function parseFilter(
  resource: ResourceName,
  labelSelector: string | null,
  fieldSelector: string | null,
): ObjectFilter {
  const labels = parseLabelSelector(labelSelector ?? '');
  const fields = parseFieldSelector(fieldSelector ?? '');
  checkFieldSelector(resource, fields);
  return { labels, fields };
}

export function matchesFilter(
  resource: ResourceName,
  filter: ObjectFilter,
  object: KubeObject,
): boolean {
  return (
    matchesLabels(filter.labels, object.metadata.labels) &&
    matchesFields(resource, filter.fields, object)
  );
}

export function isEmptyFilter(filter: ObjectFilter): boolean {
  return filter.labels.length === 0 && filter.fields.length === 0;
}
