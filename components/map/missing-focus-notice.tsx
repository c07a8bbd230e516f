'use client';
/**
 * Under the toolbar, when the map's focus names a Service it does not hold (a deep link to
 * `?focus=shop/nope`, a Service deleted while focused): says so, politely, and offers to clear
 * the focus. Otherwise the page would show no panel and no focus view, with no word why.
 * The live region stays mounted so a focus that goes missing while the page is open is heard.
 * "Clear the focus" takes the notice, and its own button, away: keyboard focus goes where the
 * skip link sends it, the outline (skip-to-outline.tsx), not to <body>.
 */
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { selectService } from './map-actions';
import { useMapStores, useMirror, useUi } from './map-context';
import { useMapLoading } from './map-loading';
import { missingFocus } from './missing-focus';
import { focusOutline } from './skip-to-outline';

export function MissingFocusNotice() {
  const stores = useMapStores();
  const focus = useUi((ui) => ui.params.focus);
  const answered = useMirror((m) => m.focus);
  const found = useMirror((m) => m.selected !== null);
  const history = useMirror((m) => m.history);
  const awaitedWrite = useUi((ui) => ui.awaitedWrite);
  const loading = useMapLoading() !== null;
  const missing = missingFocus({ focus, answered, found, loading, history, awaitedWrite });
  return (
    <div role="status" aria-live="polite">
      {missing && (
        <Notice
          tone="warning"
          role="none"
          className="mx-3 my-2 flex flex-wrap items-center gap-3 py-2"
          data-testid="missing-focus"
        >
          <span className="flex-1">
            <span aria-hidden="true">⚠ </span>
            {missing.past
              ? `Service ${missing.name} was not in this cluster at the instant shown, or is not visible to you.`
              : `Service ${missing.name} does not exist in this cluster, or is not visible to you.`}
          </span>
          <Button
            size="sm"
            onClick={() => {
              selectService(stores, null);
              focusOutline(stores);
            }}
          >
            Clear the focus
          </Button>
        </Notice>
      )}
    </div>
  );
}
