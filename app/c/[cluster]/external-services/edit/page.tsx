/**
 * `/c/<cluster>/external-services/edit?namespace=NS&name=N`: edit a selector-less Service's
 * endpoints in one cluster on its own page (the form's calls go to that cluster only). 404 for a
 * cluster the dashboard does not have; nobody signed in: to /sign-in first.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { notFound } from 'next/navigation';
import { EditEndpointsForm } from '@/components/external-service-form';
import { ClusterProvider } from '@/components/clusters/cluster-context';
import { pagePath } from '@/lib/api/paths';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { formPageTitle, serviceOfSearch } from '@/lib/page-title';
import { knownCluster } from '@/lib/cluster-views/page-cluster';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { FormPage } from '../../../../external-services/form-page';

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  const cluster = knownCluster(configuredClusterIds(), (await params).cluster);
  if (cluster === null) return {};
  return { title: formPageTitle('edit', cluster, serviceOfSearch(await searchParams)) };
}

export default async function EditEndpointsInClusterPage({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const cluster = knownCluster(configuredClusterIds(), (await params).cluster);
  if (cluster === null) notFound();
  const search = await searchParams;
  await signedInViewer(pagePath(cluster, '/external-services/edit'), search);
  const { namespace, name } = search;
  const ok = typeof namespace === 'string' && typeof name === 'string';
  return (
    <FormPage kind="edit" readOnlyCannot="change endpoints" cluster={cluster}>
      <ClusterProvider value={{ ref: cluster, name: cluster }}>
        {ok ? (
          <EditEndpointsForm namespace={namespace} name={name} />
        ) : (
          <p role="alert">Give the Service as ?namespace=…&name=….</p>
        )}
      </ClusterProvider>
    </FormPage>
  );
}
