'use client';
/**
 * Summarised live announcements (WCAG 4.1.3): compares successive topologies and says what
 * changed ("default/api: 1 of 3 endpoints ready (was 3 of 3)") in a polite live region at most
 * once per ANNOUNCE_INTERVAL_MS, so a busy cluster never floods a screen reader. The workloads
 * drawn beside the Services are compared too ("Deployment shop/api: 0 of 2 pods ready (was 2 of
 * 2)", lib/graph/announce.ts).
 *
 * The comparison runs when an announcement is due, between what was last compared and the
 * latest topology, not per update: a change undone before it is due is not announced, and a map
 * of 50k nodes updated twenty times a second does not walk every node per update (indexing the
 * drawn workloads was ~3 ms of each update). It runs at most once per COMPARE_INTERVAL_MS.
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
const COMPARE_INTERVAL_MS = 1000;

interface Shown {
  topology: { services: readonly AnnouncedService[] };
  graph: DrawGraph | undefined;
}

/** `topology` null: nothing to compare yet (no whole picture), and nothing is announced. */
export function useAnnouncer(
  topology: { services: readonly AnnouncedService[] } | null,
  graph?: DrawGraph,
): string {
  const [message, setMessage] = useState('');
  const latest = useRef<Shown | null>(null);
  const previous = useRef<Map<string, Seen> | null>(null);
  const lastAnnouncedAt = useRef(0);
  const lastComparedAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!topology) return;
    latest.current = { topology, graph };
    if (timer.current) return;
    const compare = () => {
      timer.current = null;
      lastComparedAt.current = Date.now();
      const shown = latest.current!;
      const now = indexForAnnouncements(shown.topology);
      if (shown.graph)
        for (const [id, seen] of indexWorkloadsForAnnouncements(shown.graph)) now.set(id, seen);
      const items = previous.current ? summarizeChanges(previous.current, now) : [];
      previous.current = now;
      if (items.length === 0) return;
      lastAnnouncedAt.current = Date.now();
      const head = items.slice(0, 3).join('. ');
      setMessage(items.length > 3 ? `${head}. And ${items.length - 3} more changes.` : `${head}.`);
    };
    const wait = Math.max(
      0,
      lastAnnouncedAt.current + ANNOUNCE_INTERVAL_MS - Date.now(),
      lastComparedAt.current + COMPARE_INTERVAL_MS - Date.now(),
    );
    timer.current = setTimeout(compare, wait);
  }, [topology, graph]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return message;
}
