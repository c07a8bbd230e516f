'use client';
/**
 * Summarised live announcements (WCAG 4.1.3): compares successive topologies and says what
 * changed ("default/api: 1 of 3 endpoints ready (was 3 of 3)") in a polite live region at most
 * once per ANNOUNCE_INTERVAL_MS, so a busy cluster never floods a screen reader. The workloads
 * drawn beside the Services are compared too ("Deployment shop/api: 0 of 2 pods ready (was 2 of
 * 2)", lib/graph/announce.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { AnnouncedService } from '@/lib/graph/announce';
import type { DrawGraph } from '@/lib/graph/draw-types';
import {
  indexForAnnouncements,
  indexWorkloadsForAnnouncements,
  summarizeChanges,
  type Seen,
} from '@/lib/graph/announce';

const ANNOUNCE_INTERVAL_MS = 5000;

export function useAnnouncer(
  topology: { services: readonly AnnouncedService[] },
  graph?: DrawGraph,
): string {
  const [message, setMessage] = useState('');
  const previous = useRef<Map<string, Seen> | null>(null);
  const pending = useRef<string[]>([]);
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const now = indexForAnnouncements(topology);
    if (graph) for (const [id, seen] of indexWorkloadsForAnnouncements(graph)) now.set(id, seen);
    if (previous.current) pending.current.push(...summarizeChanges(previous.current, now));
    previous.current = now;
    if (pending.current.length === 0 || timer.current) return;
    const flush = () => {
      timer.current = null;
      const items = pending.current;
      pending.current = [];
      if (items.length === 0) return;
      lastAt.current = Date.now();
      const head = items.slice(0, 3).join('. ');
      setMessage(items.length > 3 ? `${head}. And ${items.length - 3} more changes.` : `${head}.`);
    };
    const wait = Math.max(0, lastAt.current + ANNOUNCE_INTERVAL_MS - Date.now());
    timer.current = setTimeout(flush, wait);
  }, [topology, graph]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return message;
}
