'use client';
/**
 * The selected Service's panel beside the graph (over the whole screen on a phone), fed from the
 * stores; nothing when none. Read-only while a past instant is shown.
 *
 * A Service deleted (by someone else) while a dialog of its panel is open (Edit endpoints,
 * Delete) keeps its panel, as it was, until the dialog closes: unmounting would take the dialog
 * and what was typed in it with it. The panel and the dialog say the Service is gone; closing the
 * dialog closes the panel, and the focus goes to the outline (onFocusLost).
 */
import { useState } from 'react';
import { selectReadOnly } from '@/lib/store/selectors';
import type { SelectedDetail } from '@/lib/worker/service-mirror';
import { ServicePanel } from '@/components/service-panel/service-panel';
import { ModalOpenContext } from '@/components/ui/modal-dialog';
import { focusNode, selectService } from './map-actions';
import { useMapStores, useMirror, useSelectedDetail, useStatus, useUi } from './map-context';
import { focusOutline } from './skip-to-outline';

const serviceKey = (detail: SelectedDetail) => `${detail.service.namespace}/${detail.service.name}`;

export function ServicePanelPane() {
  const stores = useMapStores();
  const detail = useSelectedDetail();
  const readOnly = useStatus(selectReadOnly);
  const recordedAt = useStatus((s) => s.cluster?.snapshot?.at);
  // A past instant is shown: its edits, deletes and fixes would act on the live Service, not
  // on the one shown, so the panel offers none (back to live, they are there).
  const past = useMirror((m) => m.history.mode !== 'live');
  const focus = useUi((ui) => ui.params.focus);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [last, setLast] = useState(detail);
  if (detail && detail !== last) setLast(detail);
  // Still the selection, gone from the cluster, with a dialog open in its panel.
  const held = !detail && dialogOpen && last && serviceKey(last) === focus ? last : undefined;
  const shown = detail ?? held;
  if (!shown) return null;
  return (
    <div className="w-[28rem] min-w-[22rem] shrink max-sm:fixed max-sm:inset-0 max-sm:z-40 max-sm:w-full max-sm:min-w-0 max-sm:bg-surface">
      <ModalOpenContext value={setDialogOpen}>
        <ServicePanel
          service={shown.service}
          diagnosis={shown.diagnosis}
          topology={shown.topology}
          snapshot={shown.snapshot}
          readOnly={readOnly || past}
          recordedAt={recordedAt}
          onClose={() => selectService(stores, null)}
          onFocusNode={(id) => focusNode(stores, id)}
          onFocusLost={() => focusOutline(stores)}
          gone={held !== undefined}
        />
      </ModalOpenContext>
    </div>
  );
}
