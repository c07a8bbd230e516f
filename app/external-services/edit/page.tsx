/**
 * /external-services/edit?namespace=NS&name=N — edit a selector-less Service's endpoints on its
 * own page (the map's Service panel opens the same form in a dialog). Nobody signed in: to
 * /sign-in first.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { EditEndpointsForm } from '@/components/external-service-form';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { formPageTitle, serviceOfSearch } from '@/lib/page-title';
import { FormPage } from '../form-page';

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  return { title: formPageTitle('edit', null, serviceOfSearch(await searchParams)) };
}

export default async function EditEndpointsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const search = await searchParams;
  await signedInViewer('/external-services/edit', search);
  const { namespace, name } = search;
  const ok = typeof namespace === 'string' && typeof name === 'string';
  return (
    <FormPage kind="edit" readOnlyCannot="change endpoints">
      {ok ? (
        <EditEndpointsForm namespace={namespace} name={name} />
      ) : (
        <p role="alert">Give the Service as ?namespace=…&name=….</p>
      )}
    </FormPage>
  );
}
