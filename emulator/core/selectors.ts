/**
 * Label and field selectors as the apiserver parses and matches them: the label-selector lexer
 * and recursive-descent parser of k8s.io/apimachinery/pkg/labels/selector.go (same tokens, same
 * error texts, same key/value validation), and the field-selector parser of
 * apimachinery/pkg/fields plus the per-resource field labels of the registries' GetAttrs.
 * Parse errors throw ApiError 400 BadRequest with the upstream message.
 */
import { badRequest } from './errors';
import type { KubeObject, ResourceName } from './types';

// ---------------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation texts

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

export function regexError(message: string, fmt: string, ...examples: string[]): string {
  let s = `${message} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) s += ' or ';
    s += `'${example}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Label selectors

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

type Token =
  'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const STRING_TO_TOKEN: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) =>
  ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';

function lex(input: string): { tok: Token; lit: string }[] {
  // Go indexes bytes; label selectors are ASCII in practice, and a multi-byte character is
  // simply part of an identifier in both.
  const items: { tok: Token; lit: string }[] = [];
  let pos = 0;
  const read = () => (pos < input.length ? input[pos++]! : '');
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      let buffer = '';
      let last: { tok: Token; lit: string } | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c)) {
          buffer += c;
          const t = STRING_TO_TOKEN[buffer];
          if (t) last = { tok: t, lit: buffer };
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      items.push({ tok: STRING_TO_TOKEN[buffer] ?? 'id', lit: buffer });
    }
  }
}

class SelectorError extends Error {}

function fieldInvalidText(field: string, value: unknown, detail: string): string {
  const v =
    typeof value === 'string'
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? `[]string{${value.map((x) => JSON.stringify(x)).join(', ')}}`
        : String(value);
  return `${field}: Invalid value: ${v}: ${detail}`;
}

function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(fieldInvalidText('key', key, keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(
          fieldInvalidText(
            'values',
            values,
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(
          fieldInvalidText('values', values, 'exact-match compatibility requires one single value'),
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(
          fieldInvalidText(
            'values',
            values,
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      }
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
          errs.push(
            fieldInvalidText(
              `values[${i}]`,
              v,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
        }
      });
      break;
    default:
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length)
      errs.push(fieldInvalidText(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length === 1) throw new SelectorError(errs[0]);
  if (errs.length > 1) throw new SelectorError(`[${errs.join(', ')}]`);
  return { key, operator, values };
}

/** Parses a label selector string exactly as labels.Parse does; throws ApiError 400. */
export function parseLabelSelector(input: string): LabelSelector {
  try {
    return parseLabelSelectorOrThrow(input);
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

function parseLabelSelectorOrThrow(input: string): LabelSelector {
  const items = lex(input);
  let position = 0;
  // In the Values context, the keywords in/notin are identifiers.
  const look = (values: boolean) => {
    const item = items[position] ?? { tok: 'eos' as Token, lit: '' };
    const tok = values && (item.tok === 'in' || item.tok === 'notin') ? 'id' : item.tok;
    return { tok, lit: item.lit };
  };
  const consume = (values: boolean) => {
    const r = look(values);
    position++;
    return r;
  };

  const parseKeyAndInferOperator = (): { key: string; operator: LabelOperator | undefined } => {
    let operator: LabelOperator | undefined;
    let { tok, lit } = consume(true);
    if (tok === '!') {
      operator = '!';
      ({ tok, lit } = consume(true));
    }
    if (tok !== 'id') throw new SelectorError(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    if (keyErrs.length) throw new SelectorError(fieldInvalidText('<nil>', lit, keyErrs.join('; ')));
    const next = look(true).tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: lit, operator };
  };

  const parseOperator = (): LabelOperator => {
    const { tok, lit } = consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new SelectorError(`found '${lit}', expected: '=', '!=', '==', 'in', notin'`);
    }
  };

  const parseIdentifiersList = (): Set<string> => {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = consume(true);
      if (tok === 'id') {
        s.add(lit);
        const next = look(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return s;
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (s.size === 0) s.add('');
        const next = look(true).tok;
        if (next === ')') {
          s.add('');
          return s;
        }
        if (next === ',') {
          consume(true);
          s.add('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  };

  const parseValues = (): Set<string> => {
    const open = consume(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = look(true);
    if (tok === 'id' || tok === ',') {
      const s = parseIdentifiersList();
      if (consume(true).tok !== ')') throw new SelectorError(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === ')') {
      consume(true);
      return new Set(['']);
    }
    throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
  };

  const parseExactValue = (): Set<string> => {
    const next = look(true).tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { tok, lit } = consume(true);
    if (tok === 'id') return new Set([lit]);
    throw new SelectorError(`found '${lit}', expected: identifier`);
  };

  const parseRequirement = (): LabelRequirement => {
    const { key, operator } = parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = parseOperator();
    const values = op === 'in' || op === 'notin' ? parseValues() : parseExactValue();
    return newRequirement(key, op, [...values].sort());
  };

  const requirements: LabelRequirement[] = [];
  for (;;) {
    const { tok, lit } = look(true);
    if (tok === 'id' || tok === '!') {
      try {
        requirements.push(parseRequirement());
      } catch (error) {
        if (error instanceof SelectorError) {
          throw new SelectorError(`unable to parse requirement: ${error.message}`);
        }
        throw error;
      }
      const t = consume(true);
      if (t.tok === 'eos') break;
      if (t.tok === ',') {
        const t2 = look(true);
        if (t2.tok !== 'id' && t2.tok !== '!') {
          throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
        }
      } else {
        throw new SelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
      }
    } else if (tok === 'eos') {
      break;
    } else {
      throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const ls = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(ls, r.key);
    const value = has ? ls[r.key] : undefined;
    switch (r.operator) {
      case 'in':
      case '=':
      case '==':
        if (!has || !r.values.includes(value!)) return false;
        break;
      case 'notin':
      case '!=':
        if (has && r.values.includes(value!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^[+-]?\d+$/.test(value!)) return false;
        const lv = Number(value);
        const rv = Number(r.values[0]);
        if (r.operator === 'gt' ? !(lv > rv) : !(lv < rv)) return false;
        break;
      }
    }
  }
  return true;
}

/** metav1.LabelSelector (matchLabels + matchExpressions) → its string form, for Scale.status. */
export function labelSelectorToString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const s = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {}))
    parts.push({ key: k, text: `${k}=${v}` });
  for (const e of s.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push({ key: e.key, text: `${e.key} in (${values})` });
        break;
      case 'NotIn':
        parts.push({ key: e.key, text: `${e.key} notin (${values})` });
        break;
      case 'Exists':
        parts.push({ key: e.key, text: e.key });
        break;
      case 'DoesNotExist':
        parts.push({ key: e.key, text: `!${e.key}` });
        break;
    }
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

// ---------------------------------------------------------------------------------------------
// Field selectors

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
  labels: LabelSelector;
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
