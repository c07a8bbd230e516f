/**
 * `/c/<cluster>/external-services/new`: the "Add external service" form on its own page for one
 * cluster — it previews and creates there only, and says which (the form's cluster context).
 * 404 for a cluster the dashboard does not have; nobody signed in: to /sign-in first.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { notFound } from 'next/navigation';
import { ExternalServiceForm } from '@/components/external-service-form';
import { ClusterProvider } from '@/components/clusters/cluster-context';
import { pagePath } from '@/lib/api/paths';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { formPageTitle } from '@/lib/page-title';
import { knownCluster } from '@/lib/cluster-views/page-cluster';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { FormPage } from '../../../../external-services/form-page';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ cluster: string }>;
}): Promise<Metadata> {
  const cluster = knownCluster(configuredClusterIds(), (await params).cluster);
  return cluster === null ? {} : { title: formPageTitle('new', cluster) };
}

export default async function NewExternalServiceInClusterPage({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const ids = configuredClusterIds();
  const cluster = knownCluster(ids, (await params).cluster);
  if (cluster === null) notFound();
  const search = await searchParams;
  await signedInViewer(pagePath(cluster, '/external-services/new'), search);
  const { namespace } = search;
  return (
    <FormPage kind="new" readOnlyCannot="create Services" cluster={cluster}>
      <ClusterProvider value={{ ref: cluster, name: cluster }}>
        <ExternalServiceForm
          initialNamespace={typeof namespace === 'string' ? namespace : undefined}
        />
      </ClusterProvider>
    </FormPage>
  );
}
