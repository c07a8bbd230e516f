/**
 * What every Table printer shares: the column and row shapes of meta.k8s.io/v1 Table, the Name
 * and Age columns, and the cell formatters upstream's printers reuse across kinds
 * (labels.FormatLabels, LabelSelectorAsSelector().String(), the "+ N more..." lists).
 */
import { labelSelectorToString, type LabelSelector } from '../../core/label-selectors';
import type { KubeObject } from '../../core/types';

export type { LabelSelector };

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: (string | number)[];
  conditions?: TableRowCondition[];
}

export const NAME_DESC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DESC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function col(
  name: string,
  description: string,
  priority = 0,
  type: ColumnDefinition['type'] = 'string',
  format = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}
export const nameCol = () => col('Name', NAME_DESC, 0, 'string', 'name');
export const ageCol = () => col('Age', AGE_DESC);

export type Printer = (obj: KubeObject, now: Date) => PrintedRow;

/** A kind's Table: its column definitions and how one object becomes a row. */
export interface ResourcePrinter {
  columns: ColumnDefinition[];
  print: Printer;
}

// Loose views of the wire objects; every field is optional because clients send anything.
export interface Container {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  return sel ? labelSelectorToString(sel) : '<none>';
}

export function joinHostPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function listWithMore(
  list: string[],
  more: boolean,
  count: number,
  max: number,
  empty: string,
) {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? empty : ret;
}

/** metav1.FormatLabelSelector: as above, but `<none>` for a selector with no requirements. */
export function formatLabelSelectorOrNone(sel: LabelSelector | undefined): string {
  return formatLabelSelector(sel) || '<none>';
}

/** The Created At cell of the apiserver's default Table: RFC 3339 in UTC, to the second. */
export function createdAt(timestamp: string | undefined): string {
  const t = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(t) ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The apiserver's default table convertor, for kinds with no printer upstream
 * (k8s.io/apiserver pkg/registry/rest/table.go): NAME and a CREATED AT date.
 */
export function defaultTable(): ResourcePrinter {
  return {
    columns: [nameCol(), col('Created At', AGE_DESC, 0, 'date')],
    print: (obj) => ({
      cells: [obj.metadata.name ?? '', createdAt(obj.metadata.creationTimestamp)],
    }),
  };
}

/** The CONTAINERS and IMAGES cells of workload printers: names and images, comma-joined. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}
