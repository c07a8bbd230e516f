/**
 * The one way a preview lists what a change would do: each row marked by a sign and a word
 * (`+ add`, `− remove`, `= keep`, `~ change`), never by colour alone, in a labelled list. Used by
 * the edit form's address preview and by "Preview this fix"'s field-level diff.
 */
import type { ReactNode } from 'react';
import { Glyph } from './glyph';

export type DiffChange = 'added' | 'removed' | 'kept' | 'changed';

const MARK: Record<DiffChange, { sign: string; word: string; className: string }> = {
  added: { sign: '+', word: 'add', className: 'text-ok' },
  removed: { sign: '−', word: 'remove', className: 'text-bad' },
  kept: { sign: '=', word: 'keep', className: 'text-muted' },
  changed: { sign: '~', word: 'change', className: 'text-warn' },
};

export interface DiffRow {
  key: string;
  change: DiffChange;
  text: ReactNode;
}

export function DiffList({
  label,
  rows,
  className = 'font-mono text-sm',
  ...rest
}: {
  label: string;
  rows: readonly DiffRow[];
  className?: string;
  'data-testid'?: string;
}) {
  return (
    <ul aria-label={label} className={className} {...rest}>
      {rows.map(({ key, change, text }) => {
        const mark = MARK[change];
        return (
          <li key={key} data-change={change}>
            <Glyph className={mark.className}>{mark.sign} </Glyph>
            {mark.word} {text}
          </li>
        );
      })}
    </ul>
  );
}
