'use client';
/**
 * PLACEHOLDER owned by the external-service form helper (components/external-service-form/**).
 *
 * The map renders this in two slots and the form helper fills it in:
 * - `slot="toolbar"`: the "Add external service" button (create a selector-less Service + manual
 *   EndpointSlice);
 * - `slot="service-panel"`: "Edit endpoints" for the selector-less Service shown in the panel.
 * Contract: props as below; render nothing when `readOnly`. Until the form lands it renders
 * nothing at all (no fake buttons).
 */
import type { ServiceNode } from '@/lib/topology/model';

export type WriteActionsProps =
  | { slot: 'toolbar'; readOnly: boolean }
  | { slot: 'service-panel'; readOnly: boolean; service: ServiceNode };

export function WriteActions(_props: WriteActionsProps) {
  return null;
}
