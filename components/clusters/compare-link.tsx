'use client';
/**
 * "Compare across clusters": from a Service on one cluster's map to the same namespace/name side
 * by side in every cluster (`/compare`). Renders nothing for a one-cluster dashboard.
 */
import Link from 'next/link';
import { useCluster } from './cluster-context';

export function CompareLink({ namespace, name }: { namespace: string; name: string }) {
  const { clusters } = useCluster();
  if (!clusters || clusters.length < 2) return null;
  const href = `/compare?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`;
  return (
    <Link href={href} className="text-sm underline">
      Compare across clusters
    </Link>
  );
}
