'use client';
/**
 * Which cluster the page is about, for every component that calls the API or names the cluster
 * (the map's panel and diagnosis, the external-Service forms). The page provides it once; a
 * component reads it with `useCluster()` and builds its URLs with lib/api/paths.ts.
 *
 * Contract: without a provider the cluster is the server's first one under its own name unknown
 * (`ref: null`, `name: null`), which is what a one-cluster dashboard always was; `clusters` is
 * set only when the dashboard has more than one.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ClusterRef } from '@/lib/api/paths';

/** A cluster the header's chooser offers. */
export interface ClusterChoice {
  id: string;
  name: string;
}

export interface ClusterBinding {
  /** The cluster's id for URLs, or null: the first cluster, at today's paths. */
  ref: ClusterRef;
  /** How the page names it (the context name), when known. */
  name: string | null;
  /** Every cluster of the dashboard, when there are several (the chooser and "search all"). */
  clusters?: ClusterChoice[];
}

export const ClusterContext = createContext<ClusterBinding>({ ref: null, name: null });

export function useCluster(): ClusterBinding {
  return useContext(ClusterContext);
}

/** The provider as a component, for server pages (a context object is not one). */
export function ClusterProvider({
  value,
  children,
}: {
  value: ClusterBinding;
  children: ReactNode;
}) {
  return <ClusterContext value={value}>{children}</ClusterContext>;
}
