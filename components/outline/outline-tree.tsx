'use client';
/**
 * The accessible twin of the graph: every Service, endpoint, Pod / external address and group
 * the graph draws is a `treeitem` whose accessible name carries its kind and `namespace/name` or
 * `ip:port` (lib/graph/describe.ts). WAI-ARIA APG tree pattern:
 * Up/Down move, Right expands or enters, Left collapses or goes to the parent, Home/End, Enter
 * activates (opens the panel or expands a group), type-ahead by first letter; roving tabindex;
 * aria-level / aria-setsize / aria-posinset / aria-expanded. Windowed above VIRTUALIZE_AT rows so
 * a 10,000-Service cluster stays a cheap DOM; there Services start collapsed, except those with a
 * problem, and the active row (the tab stop) stays in the DOM wherever the window is. The active
 * row is scrolled into view when a key, a click or the graph's focus sets it, never pulled back
 * after a wheel or scrollbar scroll. With no rows there is no tree (a tree must hold treeitems):
 * a polite status says that no Service matches.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import clsx from 'clsx';
import type { DrawGraph, DrawNode, OutlineEntry } from '@/lib/graph/draw-types';
import { nodeLabel } from '@/lib/graph/describe';
import { describeEntry } from '@/lib/graph/outline-name';
import { cssVar, nodeColor, nodeGlyph } from '@/components/graph/graph-style';
import { Glyph } from '@/components/ui/glyph';

const ROW_HEIGHT = 30;
const VIRTUALIZE_AT = 150;
const OVERSCAN = 12;
/** Above this many entries, Services start collapsed. */
const EXPAND_ALL_UP_TO = 600;

interface Row {
  entry: OutlineEntry;
  node: DrawNode;
  setSize: number;
  posInSet: number;
  expanded: boolean | undefined;
  /** The entry above it, for its name: names are built for the rows on screen only. */
  parent: DrawNode | undefined;
}

function rowName(row: Row, lookup: (id: string) => DrawNode | undefined): string {
  return describeEntry(row.entry, row.node, row.parent, lookup);
}

export interface OutlineTreeProps {
  graph: DrawGraph;
  focusedNodeId: string | null;
  selectedServiceId: string | null;
  onFocusNode: (nodeId: string) => void;
  onActivate: (nodeId: string) => void;
  /** Stale data: health glyphs are hidden, as on the graph. */
  hideMarks?: boolean;
  /**
   * Only the top of a big map is here, the rest on its way (lib/worker/first-screen.ts): start
   * collapsed, as the whole map will, rather than open everything and fold it when the rest comes.
   */
  moreComing?: boolean;
}

export function OutlineTree({
  graph,
  focusedNodeId,
  selectedServiceId,
  onFocusNode,
  onActivate,
  hideMarks = false,
  moreComing = false,
}: OutlineTreeProps) {
  const [overrides, setOverrides] = useState<Map<string, boolean>>(() => new Map());
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);

  // How many entries, counted only as far as the default needs; the entries by key, built the
  // first time a key is looked up (following focus, keys): per outline change at 51k nodes the
  // whole walk was ~3 ms, paid on every Service created or deleted. The outline keeps its
  // identity while it does not change (lib/worker/mirror.ts): a restyle or a move walks nothing.
  const { entryIndex, expandByDefault } = useMemo(() => {
    let count = 0;
    const countUpTo = (entries: readonly OutlineEntry[]) => {
      for (const e of entries) {
        if (++count > EXPAND_ALL_UP_TO) return;
        countUpTo(e.children);
      }
    };
    countUpTo(graph.outline);
    let map: Map<string, OutlineEntry> | null = null;
    const build = () => {
      const built = new Map<string, OutlineEntry>();
      const walk = (entries: readonly OutlineEntry[]) => {
        for (const e of entries) {
          built.set(e.key, e);
          walk(e.children);
        }
      };
      walk(graph.outline);
      return built;
    };
    return {
      entryIndex: () => (map ??= build()),
      expandByDefault: !moreComing && count <= EXPAND_ALL_UP_TO,
    };
  }, [graph.outline, moreComing]);
  // A Service with a problem starts open even in a big outline: what is wrong is never folded
  // away by default.
  const isExpanded = useCallback(
    (entry: OutlineEntry) => {
      const own = overrides.get(entry.key);
      if (own !== undefined) return own;
      if (expandByDefault) return true;
      const node = entry.level === 1 ? graph.nodes.get(entry.nodeId) : undefined;
      return node?.kind === 'service' && node.health !== 'healthy';
    },
    [overrides, expandByDefault, graph],
  );

  const lookup = useCallback((id: string) => graph.nodes.get(id), [graph]);
  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (entries: OutlineEntry[], parent: DrawNode | undefined) => {
      entries.forEach((entry, i) => {
        const node = graph.nodes.get(entry.nodeId);
        if (!node) return;
        const hasChildren = entry.children.length > 0;
        const expanded = hasChildren ? isExpanded(entry) : undefined;
        out.push({ entry, node, setSize: entries.length, posInSet: i + 1, expanded, parent });
        if (expanded) walk(entry.children, node);
      });
    };
    walk(graph.outline, undefined);
    return out;
  }, [graph, isExpanded]);

  // The active item always exists: keep it, or fall back to the first row. One scan of the
  // rows, not a key → row table: the rows are made again on every outline change, and at 51k
  // nodes building that table was ~5 ms of each streaming update, for one lookup.
  const keptIndex = activeKey === null ? -1 : rows.findIndex((r) => r.entry.key === activeKey);
  const activeIndex = keptIndex >= 0 ? keptIndex : rows.length > 0 ? 0 : -1;
  const active = activeIndex >= 0 ? rows[activeIndex]!.entry.key : null;

  // Follow focus coming from the graph (adjusting state while rendering, not in an effect):
  // reveal the first entry for that node, expanding its ancestors.
  const [followed, setFollowed] = useState<string | null>(null);
  if (focusedNodeId !== followed) {
    setFollowed(focusedNodeId);
    const index = entryIndex();
    const current = active ? index.get(active) : undefined;
    if (focusedNodeId && current?.nodeId !== focusedNodeId) {
      let target: OutlineEntry | undefined;
      for (const entry of index.values()) {
        if (entry.nodeId === focusedNodeId) {
          target = entry;
          break;
        }
      }
      if (target) {
        const ancestors: OutlineEntry[] = [];
        const parentOf = (entry: OutlineEntry) =>
          entry.parentKey ? index.get(entry.parentKey) : undefined;
        for (let parent = parentOf(target); parent; parent = parentOf(parent))
          ancestors.push(parent);
        if (ancestors.some((entry) => !isExpanded(entry))) {
          const next = new Map(overrides);
          for (const entry of ancestors) next.set(entry.key, true);
          setOverrides(next);
        }
        setActiveKey(target.key);
      }
    }
  }

  const virtual = rows.length > VIRTUALIZE_AT;
  const start = virtual ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN) : 0;
  const end = virtual
    ? Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN)
    : rows.length;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(
      ([entry]) => entry && setViewport(entry.contentRect.height),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Bring the active row into view when the active key is set (a key, a click, a focus followed
  // from the graph), once per key: a row that only moved (rows above came or went), or a scroll
  // by wheel or scrollbar, leaves the scroll where the user put it. Then move DOM focus to the
  // row if the tree had it.
  const revealedKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!active) return;
    const el = scrollRef.current;
    if (!el) return;
    if (keptIndex >= 0 && activeKey !== revealedKey.current) {
      revealedKey.current = activeKey;
      const top = keptIndex * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    if (focusPending.current) {
      const item = treeRef.current?.querySelector<HTMLElement>(
        `[data-key="${CSS.escape(active)}"]`,
      );
      if (item) {
        item.focus({ preventScroll: true });
        focusPending.current = false;
      }
    }
  }, [active, activeKey, keptIndex]);

  const moveTo = (key: string | undefined) => {
    // Already there (Up on the first row, End on the last): a focus left pending would be given
    // to the tree by whatever moves the rows next, from a search box or wherever focus went.
    if (!key || key === active) return;
    focusPending.current = true;
    setActiveKey(key);
    const entry = entryIndex().get(key);
    if (entry) onFocusNode(entry.nodeId);
  };
  const setExpanded = (key: string, value: boolean) =>
    setOverrides((prev) => new Map(prev).set(key, value));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!active) return;
    const i = activeIndex;
    const row = rows[i];
    if (!row) return;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(rows[Math.min(rows.length - 1, i + 1)]?.entry.key);
        break;
      case 'ArrowUp':
        moveTo(rows[Math.max(0, i - 1)]?.entry.key);
        break;
      case 'Home':
        moveTo(rows[0]?.entry.key);
        break;
      case 'End':
        moveTo(rows[rows.length - 1]?.entry.key);
        break;
      case 'ArrowRight':
        if (row.expanded === false) setExpanded(row.entry.key, true);
        else if (row.expanded) moveTo(row.entry.children[0]?.key);
        break;
      case 'ArrowLeft':
        if (row.expanded) setExpanded(row.entry.key, false);
        else moveTo(row.entry.parentKey);
        break;
      case 'Enter':
        onActivate(row.node.id);
        break;
      case ' ':
        onFocusNode(row.node.id);
        break;
      default:
        if (
          event.key.length === 1 &&
          /\S/.test(event.key) &&
          !event.ctrlKey &&
          !event.metaKey &&
          !event.altKey
        ) {
          // Type-ahead: next row whose visible label starts with the letter.
          const ch = event.key.toLowerCase();
          for (let step = 1; step <= rows.length; step++) {
            const r = rows[(i + step) % rows.length]!;
            const label = nodeLabel(r.node)[0].toLowerCase();
            if (label.startsWith(ch) || label.split('/')[1]?.startsWith(ch)) {
              moveTo(r.entry.key);
              break;
            }
          }
          break;
        }
        return;
    }
    event.preventDefault();
  };

  // The active row is always in the DOM, also when scrolled out of the window: it is the tree's
  // one tab stop, and the element that holds the focus while the tree has it.
  const windowed = rows.slice(start, end).map((row, offset) => ({ row, i: start + offset }));
  const visible =
    activeIndex < 0 || (activeIndex >= start && activeIndex < end)
      ? windowed
      : activeIndex < start
        ? [{ row: rows[activeIndex]!, i: activeIndex }, ...windowed]
        : [...windowed, { row: rows[activeIndex]!, i: activeIndex }];
  const empty = rows.length === 0;
  return (
    <div
      ref={scrollRef}
      className="h-full overflow-auto"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      {/* Outside the tree, which may hold only treeitems; a status that stays mounted, so the
          message is announced when a filter empties the outline. */}
      <p role="status" className={clsx(empty && 'p-3 text-sm text-muted')}>
        {empty ? 'No Services match.' : ''}
      </p>
      {!empty && (
        <div
          ref={treeRef}
          role="tree"
          aria-label="Outline of the map: Services, their endpoints and targets"
          onKeyDown={onKeyDown}
          className="relative"
          style={{ height: virtual ? rows.length * ROW_HEIGHT : undefined }}
        >
          {visible.map(({ row, i }) => {
            const { entry, node } = row;
            const isActive = entry.key === active;
            const color = cssVar(nodeColor(node));
            const name = rowName(row, lookup);
            const comma = name.indexOf(', ');
            const head = comma > 0 ? name.slice(0, comma) : name;
            const tail = comma > 0 ? name.slice(comma) : '';
            return (
              <div
                key={entry.key}
                role="treeitem"
                data-key={entry.key}
                data-node-id={node.id}
                aria-level={entry.level}
                aria-setsize={row.setSize}
                aria-posinset={row.posInSet}
                aria-expanded={row.expanded}
                aria-selected={node.id === selectedServiceId}
                tabIndex={isActive ? 0 : -1}
                onFocus={() => {
                  if (entry.key !== active) setActiveKey(entry.key);
                }}
                onClick={() => {
                  setActiveKey(entry.key);
                  onFocusNode(node.id);
                  onActivate(node.id);
                }}
                className={clsx(
                  'flex cursor-pointer items-center gap-1.5 border-l-2 pr-2 text-sm whitespace-nowrap',
                  isActive ? 'bg-surface-2' : 'hover:bg-surface-2',
                  node.id === selectedServiceId ? 'border-accent' : 'border-transparent',
                  virtual && 'absolute inset-x-0',
                )}
                style={{
                  height: ROW_HEIGHT,
                  paddingLeft: 6 + (entry.level - 1) * 16,
                  top: virtual ? i * ROW_HEIGHT : undefined,
                }}
              >
                <span
                  aria-hidden="true"
                  className="w-3 text-xs text-muted"
                  onClick={(e) => {
                    if (row.expanded === undefined) return;
                    e.stopPropagation();
                    setExpanded(entry.key, !row.expanded);
                  }}
                >
                  {row.expanded === undefined ? '' : row.expanded ? '▾' : '▸'}
                </span>
                <Glyph color={color} className="w-4 text-center">
                  {hideMarks ? '' : nodeGlyph(node)}
                </Glyph>
                {/* The visible text is the accessible name (WCAG 2.5.3): kind and name first, bold. */}
                <span className="truncate" title={name}>
                  <span className="font-medium">{head}</span>
                  <span className="text-xs text-muted">{tail}</span>
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
