/**
 * `/c/<id>` for a person that cluster does not sign in (token sign-in: their token was issued
 * by another cluster; lib/auth/cluster-viewer.ts): why nothing of it is shown, and what would
 * help — in place of the map, whose empty drawing would read as "every Service routes" and whose
 * stream the cluster would refuse (403) on every retry.
 *
 * Contract: a server component; opens no stream and asks nothing more of the cluster. The
 * header (components/clusters/clusters-frame.tsx) keeps the chooser, so the other clusters are
 * one step away.
 */
import Link from 'next/link';
import { ClusterText } from '@/components/ui/cluster-text';
import { Notice } from '@/components/ui/notice';
import { ClustersFrame } from './clusters-frame';

export function ClusterRefused({
  cluster,
  clusters,
  detail,
}: {
  cluster: string;
  clusters: string[];
  /** The cluster's refusal, in the words of the problem (`not-signed-in-to-cluster`). */
  detail: string;
}) {
  return (
    <ClustersFrame title={`Cluster ${cluster}`} clusters={clusters.map((id) => ({ id, name: id }))}>
      <Notice tone="error" data-testid="cluster-refused" data-cluster={cluster}>
        <h2 className="font-semibold text-bad">
          Cluster <ClusterText text={cluster} /> does not accept your sign-in
        </h2>
        <p className="mt-1 text-sm">
          <ClusterText text={detail} max={500} of={`cluster ${cluster}'s refusal`} />
        </p>
        <p className="mt-1 text-sm text-muted">
          Nothing of this cluster is shown to you, and retrying will not change that: sign in with a
          token this cluster accepts to see it. Your other clusters are on the{' '}
          <Link href="/" className="underline">
            overview
          </Link>
          .
        </p>
      </Notice>
    </ClustersFrame>
  );
}
