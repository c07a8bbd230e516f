/**
 * /external-services/new — the "Add external service" form on its own page (the map opens the
 * same form in a dialog). Read-only mode shows a notice instead of the form.
 */
import { connection } from 'next/server';
import { ExternalServiceForm } from '@/components/external-service-form';
import { FormPage } from '../form-page';

export default async function NewExternalServicePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { namespace } = await searchParams;
  return (
    <FormPage readOnlyCannot="create Services">
      <ExternalServiceForm
        initialNamespace={typeof namespace === 'string' ? namespace : undefined}
      />
    </FormPage>
  );
}
