'use client';
/**
 * "Search all clusters": a search field that opens the cross-cluster search page
 * (`/search?q=…`) — a name, a label `k=v` or an IP, the same words the map's own search takes.
 * On the map it sits beside the map's search and starts from its query.
 *
 * Contract: a native GET form to /search, so it works before hydration and Enter submits it;
 * renders nothing for a one-cluster dashboard.
 */
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/input';
import { useCluster } from './cluster-context';

export function CrossClusterSearch({ query = '' }: { query?: string }) {
  const { clusters } = useCluster();
  const id = useId();
  if (!clusters || clusters.length < 2) return null;
  return (
    <form action="/search" method="get" role="search" className="flex items-center gap-1 text-sm">
      <label htmlFor={id} className="sr-only">
        Search all clusters by name, label k=v or IP
      </label>
      <TextInput
        id={id}
        name="q"
        type="search"
        size="md"
        className="w-48 font-mono"
        defaultValue={query}
        key={query}
        autoComplete="off"
        spellCheck={false}
        placeholder="All clusters: name, k=v, IP"
      />
      <Button type="submit">Search all clusters</Button>
    </form>
  );
}
