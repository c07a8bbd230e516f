/**
 * /external-services/edit?namespace=NS&name=N — edit a selector-less Service's endpoints on its
 * own page (the map's Service panel opens the same form in a dialog).
 */
import { connection } from 'next/server';
import Link from 'next/link';
import { Notice } from '@/components/ui/notice';
import { getClusterConnection } from '@/lib/k8s/connection';
import { EditEndpointsForm } from '@/components/external-service-form';

export default async function EditEndpointsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { namespace, name } = await searchParams;
  const { info } = getClusterConnection();
  const ok = typeof namespace === 'string' && typeof name === 'string';
  return (
    <main className="p-4">
      <p className="mb-4 text-sm">
        <Link href="/" className="underline">
          Back to the map
        </Link>
      </p>
      {info.readOnly ? (
        <Notice tone="warning">
          Switchboard runs in read-only mode: it cannot change endpoints.
        </Notice>
      ) : ok ? (
        <EditEndpointsForm namespace={namespace} name={name} />
      ) : (
        <p role="alert">Give the Service as ?namespace=…&name=….</p>
      )}
    </main>
  );
}
