'use client';
/**
 * The header's cluster chooser: a labelled select of every cluster and an "Open" button, which
 * goes to the same page of the chosen cluster where that means the same (the map with its
 * filters, the Add form; lib/api/paths.ts `switchClusterPath`). Choosing does not navigate by
 * itself, so moving through the options with the arrow keys never leaves the page.
 *
 * Contract: renders nothing for a one-cluster dashboard. A full page load: the map's stores and
 * stream belong to one cluster.
 */
import { useId, useState } from 'react';
import { switchClusterPath } from '@/lib/api/paths';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { useCluster } from './cluster-context';

export function ClusterChooser() {
  const { ref, clusters } = useCluster();
  const id = useId();
  const [chosen, setChosen] = useState(ref ?? '');
  if (!clusters || clusters.length < 2) return null;
  return (
    <form
      className="flex items-center gap-1 text-sm"
      aria-label="Choose a cluster"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        const { pathname, search } = window.location;
        window.location.assign(switchClusterPath(pathname, search, chosen));
      }}
    >
      <label htmlFor={id}>Cluster</label>
      <Select id={id} size="md" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {ref === null ? <option value="">All clusters</option> : null}
        {clusters.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
      <Button type="submit" disabled={!chosen || chosen === ref}>
        Open
      </Button>
    </form>
  );
}
