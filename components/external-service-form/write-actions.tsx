'use client';
/**
 * The write actions the map shows, in two slots (the toolbar and a Service's panel import this;
 * it imports neither, so the map and the panel do not depend on each other):
 *
 * - `slot="toolbar"`: "Add external service" (create a selector-less Service + manual endpoints);
 * - `slot="service-panel"`: "Edit endpoints" and "Delete Service…" for the selector-less Service
 *   shown in the panel.
 * Contract: props as below; render nothing when `readOnly` (the server refuses writes anyway),
 * and nothing in the panel for a Service the forms do not manage (`formManages`). Each form says,
 * once open, what the server would refuse and why (the API server's own Service, no right to);
 * "Delete Service…" says before it opens when the viewer may not delete Services there.
 */
import type { ServiceNode } from '@/lib/topology/model';
import {
  DeleteServiceLauncher,
  EditEndpointsLauncher,
  ExternalServiceFormLauncher,
} from './launchers';

/**
 * The one decision of which Services the panel offers the forms' actions for: selector-less (the
 * cluster manages nobody's endpoints for it) and not ExternalName (it has none).
 */
export const formManages = (service: Pick<ServiceNode, 'selectorless' | 'serviceType'>) =>
  service.selectorless && service.serviceType !== 'ExternalName';

export type WriteActionsProps =
  | { slot: 'toolbar'; readOnly: boolean }
  | { slot: 'service-panel'; readOnly: boolean; service: ServiceNode };

export function WriteActions(props: WriteActionsProps) {
  if (props.readOnly) return null;
  if (props.slot === 'toolbar') return <ExternalServiceFormLauncher />;
  const { service } = props;
  if (!formManages(service)) return null;
  return (
    <div className="mt-2 flex flex-wrap gap-2">
      <EditEndpointsLauncher namespace={service.namespace} name={service.name} />
      <DeleteServiceLauncher namespace={service.namespace} name={service.name} />
    </div>
  );
}
