/**
 * The map's key, always visible under the graph (never over it, so it hides no node), at most
 * four lines high and scrolled beyond: what each shape, glyph and line style means. Built from graph-style.ts so the key cannot drift from what
 * the SVG and Canvas renderers draw.
 */
import {
  CONDITION_COLOR,
  CONDITION_DASH,
  CONDITION_GLYPH,
  HEALTH_COLOR,
  WORKLOAD_COLOR,
  WORKLOAD_GLYPH,
  cssVar,
  edgeStyle,
} from './graph-style';
import type { DrawEdge } from '@/lib/graph/draw-types';
import { Glyph } from '@/components/ui/glyph';

function Line({ color, dash, width }: { color: string; dash: string; width: number }) {
  return (
    <svg width="28" height="8" aria-hidden="true" className="shrink-0">
      <line
        x1="1"
        y1="4"
        x2="27"
        y2="4"
        stroke={cssVar(color)}
        strokeWidth={width + 0.5}
        strokeDasharray={dash || undefined}
      />
    </svg>
  );
}

function Item({ children, wrap = false }: { children: React.ReactNode; wrap?: boolean }) {
  return (
    <li className={wrap ? 'flex items-center gap-1' : 'flex items-center gap-1 whitespace-nowrap'}>
      {children}
    </li>
  );
}

const edgeOf = (kind: DrawEdge['kind']) => edgeStyle({ kind } as DrawEdge);

export function GraphLegend() {
  const overlay = edgeOf('selected-not-endpoint');
  const stray = edgeOf('endpoint-not-selected');
  const nearMiss = edgeOf('near-miss');
  const owns = edgeOf('owns');
  return (
    // At most four lines high, scrolled beyond (by keyboard too: a tab stop of its own): beside
    // an open panel on a small screen the key wrapped to a dozen lines and left the graph 43 px.
    <section
      aria-label="Legend"
      tabIndex={0}
      className="max-h-[4.75rem] min-w-0 flex-1 overflow-y-auto px-3 py-1 text-xs text-muted"
    >
      <ul className="flex flex-wrap items-center gap-x-4 gap-y-0.5">
        <li className="font-semibold text-fg">Legend</li>
        <Item>
          <Glyph color={cssVar(HEALTH_COLOR.healthy)}>✓</Glyph>
          <Glyph color={cssVar(HEALTH_COLOR.warning)}>!</Glyph>
          <Glyph color={cssVar(HEALTH_COLOR.broken)}>✕</Glyph>
          Service ok / degraded / broken
        </Item>
        <Item>
          <Glyph color={cssVar(CONDITION_COLOR.ready)}>{CONDITION_GLYPH.ready}</Glyph>
          <Glyph color={cssVar(CONDITION_COLOR['not-ready'])}>{CONDITION_GLYPH['not-ready']}</Glyph>
          <Glyph color={cssVar(CONDITION_COLOR['no-port'])}>{CONDITION_GLYPH['no-port']}</Glyph>
          endpoint ready / not ready / no port (serves nothing)
        </Item>
        <Item>
          <Glyph>⬢</Glyph> Pod
        </Item>
        <Item wrap>
          <Glyph color={cssVar(WORKLOAD_COLOR.ready)}>{WORKLOAD_GLYPH.ready}</Glyph>
          <Glyph color={cssVar(WORKLOAD_COLOR.rolling)}>{WORKLOAD_GLYPH.rolling}</Glyph>
          <Glyph color={cssVar(WORKLOAD_COLOR.short)}>{WORKLOAD_GLYPH.short}</Glyph>
          <Glyph color={cssVar(WORKLOAD_COLOR.down)}>{WORKLOAD_GLYPH.down}</Glyph>
          <span>
            workload (Deployment, StatefulSet, DaemonSet): all ready / rolling out / not all ready /
            none ready; click it for its revisions
          </span>
        </Item>
        <Item>
          <Line color={owns.color} dash={owns.dash} width={owns.width} />
          pod owned by the workload (ownership, not traffic)
        </Item>
        <Item>
          <Glyph color={cssVar('--sb-external')}>⇱</Glyph>
          external
        </Item>
        <Item>
          <Line color={CONDITION_COLOR.ready} dash={CONDITION_DASH.ready} width={1.75} />
          routes
        </Item>
        <Item>
          <Line
            color={CONDITION_COLOR['not-ready']}
            dash={CONDITION_DASH['not-ready']}
            width={1.5}
          />
          no traffic (not ready)
        </Item>
        <Item>
          <Line color={CONDITION_COLOR['no-port']} dash={CONDITION_DASH['no-port']} width={1.5} />
          no traffic (no port)
        </Item>
        <Item>
          <Line color={overlay.color} dash={overlay.dash} width={overlay.width} />
          pod the selector matches that is not an endpoint
        </Item>
        <Item>
          <Line color={stray.color} dash={stray.dash} width={stray.width} />
          endpoint whose pod the selector no longer matches
        </Item>
        <Item>
          <Line color={nearMiss.color} dash={nearMiss.dash} width={nearMiss.width} />
          <Glyph color={cssVar('--sb-unknown')}>⬡</Glyph>
          near-miss pod (ghost), labelled pod ≠ selector
        </Item>
      </ul>
    </section>
  );
}
