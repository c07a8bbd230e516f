'use client';
/**
 * The map's skip link, first in its tab order: past the status bar, toolbar and history row
 * (some twenty stops) to the outline, the graph's accessible twin. Narrower screens keep the
 * outline in a drawer (map-body.tsx), which it opens first. Focus goes to the outline's current
 * item, or to the outline itself while it lists nothing (loading, no match): `focusOutline`,
 * also where focus goes when what had it goes away (missing-focus-notice.tsx).
 */
import { flushSync } from 'react-dom';
import { SkipLink } from '@/components/ui/skip-link';
import { setOutlineOpen } from './map-actions';
import { OUTLINE_ID } from './map-body';
import { useMapStores } from './map-context';
import type { MapStores } from './map-state';

/** Focus the outline's current item, or the outline (opening its drawer first if closed). */
export function focusOutline(stores: MapStores) {
  const outline = document.getElementById(OUTLINE_ID);
  if (!outline) return;
  if (!outline.checkVisibility()) flushSync(() => setOutlineOpen(stores, true));
  const item = outline.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]');
  (item ?? outline).focus();
}

export function SkipToOutline() {
  const stores = useMapStores();
  return (
    <SkipLink
      href={`#${OUTLINE_ID}`}
      onClick={(event) => {
        event.preventDefault();
        focusOutline(stores);
      }}
    >
      Skip to the map outline
    </SkipLink>
  );
}
