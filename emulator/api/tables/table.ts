/**
 * Builds the meta.k8s.io/v1 Table the apiserver returns for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (list, get and each watch event).
 * Row objects follow `includeObject`: PartialObjectMetadata by default, the whole object, or none.
 */
import type { KubeObject, ResourceName } from '../../core/types';
import { RESOURCES } from '../../core/resources';
import { PRINTERS } from './printers';

export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  now?: Date;
}

function rowObject(
  resource: ResourceName,
  obj: KubeObject,
  include: 'None' | 'Metadata' | 'Object',
): Record<string, unknown> | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') {
    const info = RESOURCES[resource];
    return {
      ...obj,
      kind: obj.kind || info.kind,
      apiVersion: obj.apiVersion || info.apiVersion,
    };
  }
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function buildTable(
  resource: ResourceName,
  objects: KubeObject[],
  listMeta: { resourceVersion: string; continue?: string },
  options: TableOptions,
): Record<string, unknown> {
  const printer = PRINTERS[resource];
  const now = options.now ?? new Date();
  const include = options.includeObject ?? 'Metadata';
  const metadata: Record<string, unknown> = { resourceVersion: listMeta.resourceVersion };
  if (listMeta.continue) metadata.continue = listMeta.continue;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((obj) => {
      const printed = printer.print(obj, now);
      const row: Record<string, unknown> = { cells: printed.cells };
      if (printed.conditions) row.conditions = printed.conditions;
      const object = rowObject(resource, obj, include);
      if (object) row.object = object;
      return row;
    }),
  };
}
