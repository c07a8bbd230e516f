/**
 * `/c/<id>` for a person that cluster does not sign in (token sign-in: their token was issued
 * by another cluster; lib/auth/cluster-viewer.ts): why nothing of it is shown, and what would
 * help — in place of the map, whose empty drawing would read as "every Service routes" and whose
 * stream the cluster would refuse (403) on every retry.
 *
 * Contract: a server component; opens no stream and asks nothing more of the cluster. Its words
 * are cluster-refused-notice.tsx's, which the map shows too when its stream is refused later. The
 * header (components/clusters/clusters-frame.tsx) keeps the chooser, so the other clusters are
 * one step away.
 */
import { ClusterRefusedNotice } from './cluster-refused-notice';
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
      <ClusterRefusedNotice cluster={cluster} detail={detail} />
    </ClustersFrame>
  );
}
