/**
 * The frame both external-Service pages share: the way back to the map and who is signed in,
 * the page's h1 (lib/page-title.ts: what the page is for, in read-only mode too), then the
 * page's form, or, in read-only mode, a notice that says what cannot be done instead of the form. The form
 * always knows which cluster it writes to and names it (the default cluster at today's paths,
 * as the map's dialog does); a page for another cluster provides its own.
 */
import type { ReactNode } from 'react';
import Link from 'next/link';
import { SignedInAs } from '@/components/auth/signed-in-as';
import { ClusterProvider } from '@/components/clusters/cluster-context';
import { Notice } from '@/components/ui/notice';
import { pagePath } from '@/lib/api/paths';
import { getClusterConnection } from '@/lib/k8s/connection';
import { formPageHeading, type FormPageKind } from '@/lib/page-title';

export function FormPage({
  kind,
  readOnlyCannot,
  cluster = null,
  children,
}: {
  /** Which form page: its h1. */
  kind: FormPageKind;
  /** What read-only mode forbids here, finishing "it cannot …". */
  readOnlyCannot: string;
  /** The cluster the form writes to (its map is the way back); null: the default cluster. */
  cluster?: string | null;
  children: ReactNode;
}) {
  const { info } = getClusterConnection();
  return (
    <main className="p-4">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm">
          <Link href={pagePath(cluster, '/')} className="underline">
            Back to the map
          </Link>
        </p>
        <SignedInAs />
      </div>
      <h1 className="mb-4 text-xl font-semibold">{formPageHeading(kind)}</h1>
      {info.readOnly ? (
        <Notice tone="warning">{`Switchboard runs in read-only mode: it cannot ${readOnlyCannot}.`}</Notice>
      ) : cluster === null ? (
        <ClusterProvider value={{ ref: null, name: info.name }}>{children}</ClusterProvider>
      ) : (
        children
      )}
    </main>
  );
}
