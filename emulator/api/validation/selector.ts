/**
 * metav1.LabelSelector: validation (`ValidateLabelSelector`, apis/meta/v1/validation) and
 * matching, plus its Go `%#v` rendering for error values.
 */
import type { FieldCause } from '../../core/types';
import { forbidden, invalid, required, goQuote, goStringMap } from './field';
import { validateLabels } from './meta';
import { isQualifiedName } from './names';

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function validateLabelSelector(sel: LabelSelector | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!sel) return causes;
  causes.push(...validateLabels(sel.matchLabels, `${field}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((req, i) => {
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
  });
  return causes;
}

export function selectorIsEmpty(sel: LabelSelector): boolean {
  return (
    Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0
  );
}

export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined) {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of sel.matchExpressions ?? []) {
    const key = req.key ?? '';
    const has = Object.prototype.hasOwnProperty.call(l, key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(l[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}` as Go's %#v prints it. */
export function goLabelSelector(sel: LabelSelector): { go: string } {
  const labels = sel.matchLabels ? goStringMap(sel.matchLabels).go : 'map[string]string(nil)';
  const exprs = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
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
