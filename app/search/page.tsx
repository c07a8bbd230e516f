/**
 * `/search?q=`: a name, a label `k=v` or an IP searched in every cluster; each match listed with
 * its cluster and linking into that cluster's map (components/clusters/search-results.tsx).
 */
import type { Metadata } from 'next';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { searchTitle } from '@/lib/page-title';
import { ClustersFrame } from '@/components/clusters/clusters-frame';
import { SearchResults } from '@/components/clusters/search-results';

const queryOf = (search: Record<string, string | string[] | undefined>) =>
  typeof search.q === 'string' ? search.q.slice(0, 200) : '';

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  return { title: searchTitle(queryOf(await searchParams)) };
}

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  await signedInViewer('/search', search);
  const q = queryOf(search);
  const ids = configuredClusterIds();
  return (
    <ClustersFrame
      title="Search all clusters"
      clusters={ids.map((id) => ({ id, name: id }))}
      query={q}
    >
      <SearchResults query={q} />
    </ClustersFrame>
  );
}
