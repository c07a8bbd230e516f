/**
 * The words for a trail entry: what the panel's timeline lists and what the diagnosis quotes
 * when it links a cause to its change ("selector changed app=nginx → app=ngnix at 12:19:30 by
 * kubectl-edit").
 *
 * Contract: isomorphic and pure; one wording per entry type, used by every view. Cluster text
 * (names, label values, messages) is passed through as text, never as markup. `''` on either
 * side of a change reads "(none)".
 */
import type { ChangeAuthor, TimelineEntry } from '../api/diagnostics';

export type TrailTone = 'ok' | 'bad' | 'warn' | 'muted' | 'cause';

export interface EntryText {
  /** A one-character mark, decorative (the text says the same). */
  glyph: string;
  /** The change in words, without its time or author. */
  text: string;
  tone: TrailTone;
  /** True for causes (spec, pod labels, workloads, rollouts), false for effects and Events. */
  cause: boolean;
  /**
   * What the glyph says that `text` does not, for a screen reader to hear before it (the glyph is
   * hidden from it): "Change: " for a cause, "Warning event: " for an Event of type Warning.
   */
  spoken?: string;
}

function side(value: string | undefined): string {
  return value ? value : '(none)';
}

function arrow(from: string | undefined, to: string | undefined): string {
  return `${side(from)} → ${side(to)}`;
}

/** `kubectl-edit (Update)`, `kubectl (Update, scale subresource)`. */
export function authorText(by: ChangeAuthor): string {
  const how = [by.operation, ...(by.subresource ? [`${by.subresource} subresource`] : [])];
  return `${by.manager} (${how.join(', ')})`;
}

function endpointText(entry: TimelineEntry & { type: 'endpoint' }): EntryText {
  const who = entry.pod ? ` (pod ${entry.pod})` : '';
  if (entry.change === 'added') {
    return {
      glyph: '+',
      text: `endpoint ${entry.address}${who} added, ${entry.to ?? 'ready'}`,
      tone: entry.to === 'ready' ? 'ok' : 'warn',
      cause: false,
    };
  }
  if (entry.change === 'removed')
    return {
      glyph: '−',
      text: `endpoint ${entry.address}${who} removed`,
      tone: 'bad',
      cause: false,
    };
  return {
    glyph: entry.to === 'ready' ? '↑' : '↓',
    text: `endpoint ${entry.address}${who} ${entry.from} → ${entry.to}`,
    tone: entry.to === 'ready' ? 'ok' : 'bad',
    cause: false,
  };
}

function workloadText(entry: TimelineEntry & { type: 'workload' }): string {
  const name = `${entry.workload.kind} ${entry.workload.name}`;
  switch (entry.field) {
    case 'created':
      return `${name} created`;
    case 'deleted':
      return `${name} deleted`;
    case 'replicas':
      return `${name} scaled: replicas ${arrow(entry.from, entry.to)}`;
    case 'image':
      return `${name} image changed ${arrow(entry.from, entry.to)}`;
    case 'template-labels':
      return `${name} pod template labels changed ${arrow(entry.from, entry.to)}`;
  }
}

function rolloutText(entry: TimelineEntry & { type: 'rollout' }): string {
  const name = `${entry.workload.kind} ${entry.workload.name}`;
  const revision = entry.revision ? ` (revision ${entry.revision})` : '';
  const message = entry.message ? `: ${entry.message}` : '';
  if (entry.phase === 'started') return `${name} rollout started${revision}`;
  if (entry.phase === 'finished') return `${name} rollout finished${revision}`;
  return `${name} rollout stalled${revision}${message}`;
}

export function entryText(entry: TimelineEntry): EntryText {
  const words = entryWords(entry);
  return words.cause ? { ...words, spoken: 'Change: ' } : words;
}

function entryWords(entry: TimelineEntry): EntryText {
  switch (entry.type) {
    case 'endpoint':
      return endpointText(entry);
    case 'event': {
      const count = entry.count > 1 ? ` (×${entry.count})` : '';
      const warning = entry.eventType === 'Warning';
      return {
        glyph: warning ? '▲' : '●',
        text: `${entry.object}: ${entry.reason} — ${entry.message}${count}`,
        tone: warning ? 'warn' : 'muted',
        cause: false,
        ...(warning ? { spoken: 'Warning event: ' } : {}),
      };
    }
    case 'service':
      return {
        glyph: entry.change === 'created' ? '✚' : '✖',
        text: `Service ${entry.change}`,
        tone: 'cause',
        cause: true,
      };
    case 'spec':
      return {
        glyph: '✎',
        text: `Service ${entry.field} changed ${arrow(entry.from, entry.to)}`,
        tone: 'cause',
        cause: true,
      };
    case 'pod-labels':
      return {
        glyph: entry.move === 'entered' ? '⇥' : '⇤',
        text: `Pod ${entry.pod} ${entry.move === 'entered' ? 'entered' : 'left'} the selector: labels ${arrow(entry.from, entry.to)}`,
        tone: 'cause',
        cause: true,
      };
    case 'workload':
      return { glyph: '⚙', text: workloadText(entry), tone: 'cause', cause: true };
    case 'rollout':
      return {
        glyph: '⟳',
        text: rolloutText(entry),
        tone: entry.phase === 'stalled' ? 'bad' : 'cause',
        cause: true,
      };
  }
}
