'use client';
/**
 * Incident snapshot downloads for the instant the map shows (live: now): the model as JSON
 * (`GET /api/snapshot[?at=]`, schema `switchboard.snapshot/v1`, which `switchboard view` opens)
 * and the current view as a standalone SVG built from the drawing (lib/history-view/svg-export.ts),
 * with diff mode's changed Services framed as on screen. On a recorded snapshot the file is
 * already at hand: only the SVG, titled with the snapshot's instant.
 *
 * Contract: the SVG is titled with the instant of the drawing it holds, both read from the same
 * mirror (the URL names the instant asked for, which may still be loading); while an instant
 * loads or has failed there is no drawing of it, and the SVG button is unavailable.
 */
import { useCallback } from 'react';
import clsx from 'clsx';
import { apiPath } from '@/lib/api/paths';
import { instantLabel, instantOf } from '@/lib/history-view/instant';
import { shownInstant } from '@/lib/history-view/shown-instant';
import { drawingToSvg } from '@/lib/history-view/svg-export';
import { selectCluster } from '@/lib/store/selectors';
import { useCluster } from '@/components/clusters/cluster-context';
import { nodeGlyph } from '@/components/graph/graph-style';
import { Button, UNAVAILABLE_LOOK } from '@/components/ui/button';
import { useDrawing, useMirror, useStatus, useUi } from '@/components/map/map-context';
import { useChangedServiceIds } from './use-changed-ids';

/** A file name part: letters, digits, dot, dash; an instant without colons. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '');

function save(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SnapshotDownload() {
  const at = useUi((ui) => shownInstant(ui.params));
  const cluster = useCluster().ref;
  const clusterName = useStatus(selectCluster)?.name ?? 'cluster';
  const recordedAt = useStatus(selectCluster)?.snapshot?.at ?? null;
  const { graph, layout } = useDrawing();
  // The drawing's own instant; undefined while the one asked for loads, or failed to.
  const drawnAt = useMirror((m) =>
    m.history.mode === 'shown' ? m.history.at : m.history.mode === 'live' ? null : undefined,
  );
  const marked = useChangedServiceIds(graph);
  const json = apiPath(cluster, `/snapshot${at ? `?at=${encodeURIComponent(at)}` : ''}`);
  const onSvg = useCallback(() => {
    if (drawnAt === undefined) return;
    const past = drawnAt ?? recordedAt;
    const when = past ?? instantOf(Date.now());
    const svg = drawingToSvg(graph, layout, {
      title: `Switchboard — ${clusterName} — ${past ? instantLabel(when) : `live, ${instantLabel(when)}`}`,
      glyph: nodeGlyph,
      marked,
    });
    save(`switchboard-${fileSafe(clusterName)}-${fileSafe(when)}.svg`, 'image/svg+xml', svg);
  }, [drawnAt, recordedAt, clusterName, graph, layout, marked]);
  return (
    <span className="flex flex-wrap items-center gap-2" role="group" aria-label="Incident snapshot">
      {recordedAt === null && (
        <a
          href={json}
          download
          className="flex h-8 items-center rounded border border-line bg-surface px-2 text-sm whitespace-nowrap hover:bg-surface-2"
          data-testid="download-snapshot"
        >
          Download snapshot (JSON)
        </a>
      )}
      <Button
        onClick={onSvg}
        aria-disabled={drawnAt === undefined || undefined}
        title={
          drawnAt === undefined
            ? 'No view to download until the map at that instant is shown'
            : undefined
        }
        className={clsx('whitespace-nowrap', UNAVAILABLE_LOOK)}
        data-testid="download-svg"
      >
        Download view (SVG)
      </Button>
    </span>
  );
}
