'use client';
/**
 * "Check reachability": asks the Switchboard server to open one TCP connection to each external
 * endpoint of the Service (POST /api/services/<ns>/<name>/reachability, lib/api/diagnostics.ts;
 * errors are problem bodies) and shows latency or the error per address: the "curl the backend
 * from inside the cluster" step of debugging a Service, made a click. On demand only; the server refuses pod IPs, ClusterIPs, loopback, link-local and metadata addresses, and
 * everything on the simulated cluster, and says why.
 */
import { useState } from 'react';
import type { ProbeResult, ReachabilityAnswer } from '@/lib/api/diagnostics';
import { apiPath, servicePath } from '@/lib/api/paths';
import { readProblem } from '@/lib/api/problem';
import { useCluster } from '@/components/clusters/cluster-context';
import { errorMessage } from '@/lib/error-message';

export function ReachabilityCheck({ namespace, name }: { namespace: string; name: string }) {
  const [state, setState] = useState<
    | { phase: 'idle' }
    | { phase: 'running' }
    | { phase: 'done'; results: ProbeResult[] }
    | { phase: 'failed'; message: string }
  >({ phase: 'idle' });
  const { ref: cluster } = useCluster();

  const run = async () => {
    setState({ phase: 'running' });
    try {
      const response = await fetch(apiPath(cluster, servicePath(namespace, name, 'reachability')), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error((await readProblem(response)).detail);
      const body = (await response.json()) as ReachabilityAnswer;
      setState({ phase: 'done', results: body.results });
    } catch (error) {
      setState({ phase: 'failed', message: errorMessage(error) });
    }
  };

  return (
    <div className="space-y-2 text-sm">
      <button
        type="button"
        onClick={() => void run()}
        disabled={state.phase === 'running'}
        className="rounded border border-line px-2 py-1 hover:bg-surface-2 disabled:opacity-60"
      >
        {state.phase === 'running' ? 'Checking…' : 'Check reachability from the Switchboard server'}
      </button>
      <div aria-live="polite">
        {state.phase === 'failed' ? (
          <p className="text-bad">Check failed: {state.message}</p>
        ) : null}
        {state.phase === 'done' && state.results.length === 0 ? (
          <p className="text-muted">No external endpoints to check.</p>
        ) : null}
        {state.phase === 'done' && state.results.length > 0 ? (
          <ul className="space-y-1">
            {state.results.map((r) => (
              <li key={`${r.address}:${r.port}/${r.protocol}`} className="font-mono text-xs">
                <span
                  aria-hidden="true"
                  className={r.ok ? 'text-ok' : r.skipped ? 'text-muted' : 'text-bad'}
                >
                  {r.ok ? '✓ ' : r.skipped ? '– ' : '✖ '}
                </span>
                {r.address}:{r.port}/{r.protocol}{' '}
                {r.ok
                  ? `reachable, connected in ${r.latencyMs} ms`
                  : r.skipped
                    ? r.error
                    : `unreachable: ${r.error}`}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
