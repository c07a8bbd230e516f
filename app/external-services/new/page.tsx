/**
 * /external-services/new — the "Add external service" form on its own page (the map opens the
 * same form in a dialog). Read-only mode shows a notice instead of the form.
 */
import { connection } from 'next/server';
import Link from 'next/link';
import { Notice } from '@/components/ui/notice';
import { getClusterConnection } from '@/lib/k8s/connection';
import { ExternalServiceForm } from '@/components/external-service-form';

export default async function NewExternalServicePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { namespace } = await searchParams;
  const { info } = getClusterConnection();
  return (
    <main className="p-4">
      <p className="mb-4 text-sm">
        <Link href="/" className="underline">
          Back to the map
        </Link>
      </p>
      {info.readOnly ? (
        <Notice tone="warning">
          Switchboard runs in read-only mode: it cannot create Services.
        </Notice>
      ) : (
        <ExternalServiceForm
          initialNamespace={typeof namespace === 'string' ? namespace : undefined}
        />
      )}
    </main>
  );
}
