/**
 * /external-services/new — the "Add external service" form on its own page (the map opens the
 * same form in a dialog). Read-only mode shows a notice instead of the form.
 */
import { connection } from 'next/server';
import Link from 'next/link';
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
        <p role="status" className="rounded border border-amber-400 bg-amber-50 p-3">
          Switchboard runs in read-only mode: it cannot create Services.
        </p>
      ) : (
        <ExternalServiceForm
          initialNamespace={typeof namespace === 'string' ? namespace : undefined}
        />
      )}
    </main>
  );
}
