'use client';
/**
 * Compare: one Service (namespace/name) across every cluster side by side — exists, type, ports,
 * selector, endpoints ready of total, diagnosis — from `GET /api/compare`, with each row that
 * differs marked in three ways: a "differs" column (what a screen reader reads in the row), a
 * glyph, and a tint; and one sentence above the table naming what differs.
 *
 * Contract: re-asked every 5 s while open, so scaling a workload in one cluster shows here
 * without a reload; cells are lib/cluster-views/compare.ts's text.
 */
import Link from 'next/link';
import clsx from 'clsx';
import type { CompareAnswer } from '@/lib/api/clusters';
import { focusPath } from '@/lib/api/paths';
import { compareHeading, compareRows } from '@/lib/cluster-views/compare';
import { ClusterText } from '@/components/ui/cluster-text';
import { Glyph } from '@/components/ui/glyph';
import { usePolled } from './use-polled';

const POLL_MS = 5000;

export function CompareView({ namespace, name }: { namespace: string; name: string }) {
  const ok = namespace !== '' && name !== '';
  const { data, error } = usePolled<CompareAnswer>(
    ok
      ? `/api/compare?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`
      : null,
    POLL_MS,
  );
  if (!ok) return <p role="alert">Give the Service as ?namespace=…&name=….</p>;
  const rows = data ? compareRows(data) : [];
  return (
    <section aria-label={`${namespace}/${name} across clusters`}>
      <p role="status" aria-live="polite" className="mb-2 text-sm" data-testid="compare-summary">
        {error
          ? `The dashboard did not answer: ${error}`
          : data
            ? compareHeading(data)
            : 'Comparing…'}
      </p>
      {data ? (
        <table className="w-full border-collapse text-sm" data-testid="compare-table">
          <caption className="sr-only">
            {namespace}/{name} in each cluster; rows that differ are marked.
          </caption>
          <thead>
            <tr className="border-b border-line text-left">
              <th scope="col" className="p-1">
                Field
              </th>
              <th scope="col" className="p-1">
                Differs
              </th>
              {data.clusters.map((c) => (
                <th scope="col" key={c.cluster} className="p-1">
                  {c.found ? (
                    <Link href={focusPath(c.cluster, namespace, name)} className="underline">
                      <ClusterText text={c.cluster} />
                    </Link>
                  ) : (
                    <ClusterText text={c.cluster} />
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.field}
                data-testid="compare-row"
                data-field={row.field}
                data-differs={row.differs ? 'true' : 'false'}
                className={clsx('border-b border-line align-top', row.differs && 'bg-surface-2')}
              >
                <th scope="row" className="p-1 text-left font-semibold">
                  {row.label}
                </th>
                <td className="p-1">
                  {row.differs ? (
                    <>
                      <Glyph className="text-warn">≠ </Glyph>
                      differs
                    </>
                  ) : (
                    <span className="text-muted">same</span>
                  )}
                </td>
                {row.cells.map((text, i) => (
                  <td key={data.clusters[i]!.cluster} className="p-1 font-mono">
                    <ClusterText text={text} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
