'use client';
/**
 * The visible confirmation of the user's last write (create, or save of endpoints), under the
 * toolbar until dismissed; on a phone, at the foot of the screen above everything, since the
 * Service's panel opens there over the whole screen. Screen readers hear it once (role="status").
 */
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { useMapStores, useUi } from './map-context';
import { dismissNotice } from './map-actions';

export function WriteNotice() {
  const stores = useMapStores();
  const notice = useUi((ui) => ui.notice);
  if (!notice) return null;
  return (
    <Notice
      tone="success"
      className="mx-3 my-2 flex items-center gap-3 py-2 max-sm:fixed max-sm:inset-x-0 max-sm:bottom-3 max-sm:z-50 max-sm:shadow-lg"
      data-testid="write-notice"
    >
      <span className="flex-1">
        <span aria-hidden="true" className="text-ok">
          ✓{' '}
        </span>
        {notice}
      </span>
      <Button size="sm" onClick={() => dismissNotice(stores)}>
        Dismiss
      </Button>
    </Notice>
  );
}
