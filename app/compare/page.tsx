/**
 * `/compare?namespace=&name=`: one Service across every cluster side by side, differences marked
 * (components/clusters/compare-view.tsx).
 */
import { signedInViewer } from '@/lib/auth/page-viewer';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { ClustersFrame } from '@/components/clusters/clusters-frame';
import { CompareView } from '@/components/clusters/compare-view';

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  await signedInViewer('/compare', search);
  const namespace = typeof search.namespace === 'string' ? search.namespace : '';
  const name = typeof search.name === 'string' ? search.name : '';
  const ids = configuredClusterIds();
  return (
    <ClustersFrame
      title={namespace && name ? `Compare ${namespace}/${name}` : 'Compare'}
      clusters={ids.map((id) => ({ id, name: id }))}
    >
      <CompareView namespace={namespace} name={name} />
    </ClustersFrame>
  );
}
