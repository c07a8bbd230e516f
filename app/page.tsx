/**
 * The map page (server component, thin): reads the first snapshot from the server cache and the
 * deep-link parameters, and hands plain data to the client island. Never a blank page: a
 * configuration or connection problem arrives as `sync.lastError` and is shown in words.
 */
import { errorMessage } from '@/lib/error-message';
import { getInitialSnapshot, type InitialSnapshot } from '@/lib/k8s/server';
import { parseMapParams } from '@/lib/graph/url-state';
import { ServiceMap } from '@/components/map/service-map';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = parseMapParams(await searchParams);
  let initial: InitialSnapshot;
  try {
    initial = await getInitialSnapshot();
  } catch (error) {
    initial = {
      cluster: { name: '(unknown)', simulated: false, server: '', readOnly: true },
      sync: {
        kinds: {},
        connection: 'reconnecting',
        lastError: errorMessage(error),
      },
      records: [],
    };
  }
  return <ServiceMap initial={initial} params={params} />;
}
