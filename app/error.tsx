'use client';
/** Route error boundary: a clear message and a retry, never a blank page. */
import { Button } from '@/components/ui/button';

export default function Error({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-xl font-semibold">Switchboard could not draw the map</h1>
      <p role="alert" className="mt-2 text-bad">
        {error.message || 'An unexpected error occurred.'}
        {error.digest ? ` (reference ${error.digest})` : ''}
      </p>
      <p className="mt-2 text-sm text-muted">
        If the cluster is unreachable, the dashboard keeps retrying; the server log says why.
      </p>
      <Button size="lg" className="mt-4" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
