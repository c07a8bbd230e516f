'use client';
/**
 * The selected Service's panel beside the graph (over the whole screen on a phone), fed from the
 * stores; nothing when none. Read-only while a past instant is shown.
 */
import { selectReadOnly } from '@/lib/store/selectors';
import { ServicePanel } from '@/components/service-panel/service-panel';
import { focusNode, selectService } from './map-actions';
import { useMapStores, useMirror, useSelectedDetail, useStatus } from './map-context';
import { focusOutline } from './skip-to-outline';

export function ServicePanelPane() {
  const stores = useMapStores();
  const detail = useSelectedDetail();
  const readOnly = useStatus(selectReadOnly);
  const recordedAt = useStatus((s) => s.cluster?.snapshot?.at);
  // A past instant is shown: its edits, deletes and fixes would act on the live Service, not
  // on the one shown, so the panel offers none (back to live, they are there).
  const past = useMirror((m) => m.history.mode !== 'live');
  if (!detail) return null;
  return (
    <div className="w-[28rem] min-w-[22rem] shrink max-sm:fixed max-sm:inset-0 max-sm:z-40 max-sm:w-full max-sm:min-w-0 max-sm:bg-surface">
      <ServicePanel
        service={detail.service}
        diagnosis={detail.diagnosis}
        topology={detail.topology}
        snapshot={detail.snapshot}
        readOnly={readOnly || past}
        recordedAt={recordedAt}
        onClose={() => selectService(stores, null)}
        onFocusNode={(id) => focusNode(stores, id)}
        onFocusLost={() => focusOutline(stores)}
      />
    </div>
  );
}
