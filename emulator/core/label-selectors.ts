/**
 * Label selectors, the one implementation in the emulator: requirements as
 * k8s.io/apimachinery/pkg/labels/selector.go builds them (`NewRequirement`, with its checks and
 * messages) and matches them, `metav1.LabelSelector` turned into requirements as
 * `LabelSelectorAsSelector` does (pkg/apis/meta/v1/helpers.go), Service-style label sets
 * (`SelectorFromSet`), `ValidateLabelSelector` (pkg/apis/meta/v1/validation) and the string
 * form. The string parser is ./label-selector-parser.ts.
 */
import { forbidden, goQuote, goStringMap, goStringSlice, invalid, required } from './field-errors';
import { isQualifiedName, isValidLabelValue } from './names';
import { validateLabels } from './object-meta-validation';
import type { FieldCause } from './types';

export type Labels = Record<string, string>;

/** metav1.LabelSelectorRequirement as stored (operator In, NotIn, Exists or DoesNotExist). */
export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

/** metav1.LabelSelector: Deployments', ReplicaSets' and EndpointSlice-style selectors. */
export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

/** selection.Operator, spelled as the string grammar spells it. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed selector (labels.Selector): every requirement must hold; none selects everything. */
export type LabelRequirements = LabelRequirement[];

/** A requirement that NewRequirement refuses; the message is upstream's. */
export class SelectorError extends Error {}

/** field.Invalid's text with its path, as NewRequirement's aggregated errors print. */
export function fieldInvalidText(field: string, value: string | string[], detail: string): string {
  const bad = typeof value === 'string' ? value : goStringSlice(value);
  return `${field}: ${invalid(field, bad, detail).message}`;
}

/** labels.NewRequirement: checks the key, the number of values and each value. */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: string[],
): LabelRequirement {
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
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(
          fieldInvalidText(
            'values',
            values,
            'values set must be empty for exists and does not exist',
          ),
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

/** Selector.Matches: every requirement holds for the label set. */
export function matchesLabels(selector: LabelRequirements, labels: Labels | undefined): boolean {
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

const METAV1_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * LabelSelectorAsSelector: undefined (nil) selects nothing, `{}` everything; a selector
 * NewRequirement refuses (unknown operator, bad key or value) yields undefined, which callers
 * treat as "matches nothing" as the controllers do with the error.
 */
export function labelSelectorAsRequirements(
  selector: LabelSelector | undefined,
): LabelRequirements | undefined {
  if (!selector) return undefined;
  try {
    const out: LabelRequirements = [];
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      out.push(newRequirement(key, '=', [value]));
    }
    for (const e of selector.matchExpressions ?? []) {
      const operator = METAV1_OPERATORS[e.operator ?? ''];
      if (!operator) return undefined;
      out.push(newRequirement(e.key ?? '', operator, [...(e.values ?? [])]));
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } catch (error) {
    if (error instanceof SelectorError) return undefined;
    throw error;
  }
}

// Controllers match one stored (frozen, so unchanging) selector against many pods per sync.
const converted = new WeakMap<LabelSelector, LabelRequirements | null>();

/** A metav1.LabelSelector matches: undefined selects nothing, `{}` selects everything. */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Labels | undefined,
): boolean {
  if (!selector) return false;
  let requirements = Object.isFrozen(selector) ? converted.get(selector) : undefined;
  if (requirements === undefined) {
    requirements = labelSelectorAsRequirements(selector) ?? null;
    if (Object.isFrozen(selector)) converted.set(selector, requirements);
  }
  return requirements !== null && matchesLabels(requirements, labels);
}

/** A Service-style selector (SelectorFromSet): every pair must be present; `{}` selects all. */
export function matchesMapSelector(selector: Labels, labels: Labels | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

export function labelSelectorIsEmpty(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/**
 * metav1.LabelSelector in its string form (Scale.status.selector, kubectl's SELECTOR column):
 * requirements sorted by key, values sorted.
 */
export function labelSelectorToString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const s = selector as LabelSelector;
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {}))
    parts.push({ key: k, text: `${k}=${v}` });
  for (const e of s.matchExpressions ?? []) {
    const key = e.key ?? '';
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push({ key, text: `${key} in (${values})` });
        break;
      case 'NotIn':
        parts.push({ key, text: `${key} notin (${values})` });
        break;
      case 'Exists':
        parts.push({ key, text: key });
        break;
      case 'DoesNotExist':
        parts.push({ key, text: `!${key}` });
        break;
    }
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

/** ValidateLabelSelector (metav1 validation), for selectors stored in objects. */
export function validateLabelSelector(
  selector: LabelSelector | undefined,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!selector) return causes;
  causes.push(...validateLabels(selector.matchLabels, `${field}.matchLabels`));
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          causes.push(
            required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          causes.push(
            forbidden(
              `${path}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        causes.push(
          invalid(`${path}.operator`, req.operator ?? '', 'not a valid selector operator'),
        );
    }
    for (const msg of isQualifiedName(req.key ?? ''))
      causes.push(invalid(`${path}.key`, req.key ?? '', msg));
    values.forEach((value, j) => {
      for (const msg of isValidLabelValue(value))
        causes.push(invalid(`${path}.values[${j}]`, value, msg));
    });
  });
  return causes;
}

/** `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}` as Go's %#v prints it in errors. */
export function goLabelSelector(selector: LabelSelector): { go: string } {
  const labels = selector.matchLabels
    ? goStringMap(selector.matchLabels).go
    : 'map[string]string(nil)';
  const exprs = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${
              e.values ? `[]string{${e.values.map(goQuote).join(', ')}}` : '[]string(nil)'
            }}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return { go: `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}` };
}
