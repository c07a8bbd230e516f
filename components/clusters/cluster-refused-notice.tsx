/**
 * What a person sees of a cluster that does not accept their sign-in (a 403 from it): the one
 * wording, shown in place of the map when the page loads (cluster-refused.tsx) and over the map
 * when its stream is refused later (components/map/stream-refused.tsx).
 *
 * Contract: renders the notice only (an alert); opens nothing and asks nothing of the cluster.
 */
import Link from 'next/link';
import { ClusterText } from '@/components/ui/cluster-text';
import { Notice } from '@/components/ui/notice';

export function ClusterRefusedNotice({
  cluster,
  detail,
  className,
}: {
  cluster: string;
  /** The cluster's refusal, in the words of the problem (`not-signed-in-to-cluster`). */
  detail: string;
  className?: string;
}) {
  return (
    <Notice
      tone="error"
      data-testid="cluster-refused"
      data-cluster={cluster}
      {...(className ? { className } : {})}
    >
      <h2 className="font-semibold text-bad">
        Cluster <ClusterText text={cluster} /> does not accept your sign-in
      </h2>
      {detail && (
        <p className="mt-1 text-sm">
          <ClusterText text={detail} max={500} of={`cluster ${cluster}'s refusal`} />
        </p>
      )}
      <p className="mt-1 text-sm text-muted">
        Nothing of this cluster is shown to you, and retrying will not change that: sign in with a
        token this cluster accepts to see it. Your other clusters are on the{' '}
        <Link href="/" className="underline">
          overview
        </Link>
        .
      </p>
    </Notice>
  );
}
