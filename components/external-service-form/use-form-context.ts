'use client';
/**
 * The Add form's context from the server (api.ts `fetchContext`): read-only mode, the namespaces
 * to offer, and the user's permission in the chosen namespace. Fetched when the form opens and
 * whenever the namespace changes; with no namespace chosen yet, the server's suggestion is taken.
 */
import { useEffect, useState } from 'react';
import { useCluster } from '@/components/clusters/cluster-context';
import { fetchContext, type FormContext } from './api';

export function useFormContext(namespace: string, setNamespace: (namespace: string) => void) {
  const [context, setContext] = useState<FormContext | null>(null);
  const [contextError, setContextError] = useState<string | null>(null);
  const { ref: cluster } = useCluster();
  useEffect(() => {
    let live = true;
    void fetchContext(cluster, namespace || undefined).then((answer) => {
      if (!live) return;
      if ('status' in answer) {
        setContextError(answer.message);
        return;
      }
      setContextError(null);
      setContext(answer);
      if (!namespace && answer.access) setNamespace(answer.access.namespace);
    });
    return () => {
      live = false;
    };
  }, [cluster, namespace, setNamespace]);
  return { context, contextError };
}
