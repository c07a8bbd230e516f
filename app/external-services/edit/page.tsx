/**
 * /external-services/edit?namespace=NS&name=N — edit a selector-less Service's endpoints on its
 * own page (the map's Service panel opens the same form in a dialog). Nobody signed in: to
 * /sign-in first.
 */
import { connection } from 'next/server';
import { EditEndpointsForm } from '@/components/external-service-form';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { FormPage } from '../form-page';

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
    <FormPage readOnlyCannot="change endpoints">
      {ok ? (
        <EditEndpointsForm namespace={namespace} name={name} />
      ) : (
        <p role="alert">Give the Service as ?namespace=…&name=….</p>
      )}
    </FormPage>
  );
}
