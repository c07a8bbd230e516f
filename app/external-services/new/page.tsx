/**
 * /external-services/new — the "Add external service" form on its own page (the map opens the
 * same form in a dialog). Read-only mode shows a notice instead of the form. Nobody signed in:
 * to /sign-in first.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ExternalServiceForm } from '@/components/external-service-form';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { formPageTitle } from '@/lib/page-title';
import { FormPage } from '../form-page';

export const metadata: Metadata = { title: formPageTitle('new', null) };

export default async function NewExternalServicePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const search = await searchParams;
  await signedInViewer('/external-services/new', search);
  const { namespace } = search;
  return (
    <FormPage kind="new" readOnlyCannot="create Services">
      <ExternalServiceForm
        initialNamespace={typeof namespace === 'string' ? namespace : undefined}
      />
    </FormPage>
  );
}
