/** Shown while the server reads the first snapshot (it waits up to a few seconds for the sync). */
export default function Loading() {
  return (
    <main className="p-8" aria-busy="true">
      <h1 className="text-lg font-semibold">Switchboard</h1>
      <p role="status" className="mt-2 text-muted">
        Connecting to the cluster and listing Services, EndpointSlices and Pods…
      </p>
    </main>
  );
}
