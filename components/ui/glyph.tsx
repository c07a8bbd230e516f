/**
 * A status glyph (✓ ! ✕ ● ○ …) in its colour, beside the words that say the same. Hidden from
 * assistive technology: the text next to it carries the meaning, so colour and shape are never
 * the only cue.
 */
import type { ReactNode } from 'react';

export function Glyph({
  color,
  className,
  children,
}: {
  /** Any CSS colour, typically `var(--sb-…)`. */
  color?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span aria-hidden="true" className={className} style={color ? { color } : undefined}>
      {children}
    </span>
  );
}
