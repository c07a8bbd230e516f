/**
 * Test support for the Table printers' tests: a fixed clock, object metadata of a given age, and
 * a typed view of the Table toTable builds.
 */
import type { KubeObject } from '../../../core/types';
import { buildTable as toTable } from '../table';

export const NOW = new Date('2026-01-10T12:00:00Z');
export const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
export const meta = (name: string, age = 300) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  creationTimestamp: ago(age),
});

export function table(
  resource: Parameters<typeof toTable>[0],
  objects: KubeObject[],
  includeObject?: 'None' | 'Metadata' | 'Object',
) {
  return toTable(
    resource,
    objects,
    { resourceVersion: '42' },
    { now: NOW, ...(includeObject ? { includeObject } : {}) },
  ) as {
    kind: string;
    apiVersion: string;
    metadata: Record<string, unknown>;
    columnDefinitions: { name: string; priority: number; type: string; format: string }[];
    rows: { cells: unknown[]; object?: Record<string, unknown>; conditions?: unknown[] }[];
  };
}
export const columns = (t: ReturnType<typeof table>) =>
  t.columnDefinitions.map((c) => (c.priority ? `[${c.name}]` : c.name));
export const cells = (t: ReturnType<typeof table>) => t.rows.map((r) => r.cells);
