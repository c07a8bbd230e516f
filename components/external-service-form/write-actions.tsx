'use client';
/**
 * The write actions the map shows, in two slots (the toolbar and a Service's panel import this;
 * it imports neither, so the map and the panel do not depend on each other):
 *
 * - `slot="toolbar"`: "Add external service" (create a selector-less Service + manual endpoints);
 * - `slot="service-panel"`: "Edit endpoints" for the selector-less Service shown in the panel.
 * Contract: props as below; render nothing when `readOnly` (the server refuses writes anyway),
 * and nothing in the panel for a Service whose endpoints the cluster manages (a selector) or
 * that has none (ExternalName).
 */
import type { ServiceNode } from '@/lib/topology/model';
import { EditEndpointsLauncher, ExternalServiceFormLauncher } from './launchers';

export type WriteActionsProps =
  | { slot: 'toolbar'; readOnly: boolean }
  | { slot: 'service-panel'; readOnly: boolean; service: ServiceNode };

export function WriteActions(props: WriteActionsProps) {
  if (props.readOnly) return null;
  if (props.slot === 'toolbar') return <ExternalServiceFormLauncher />;
  const { service } = props;
  if (!service.selectorless || service.serviceType === 'ExternalName') return null;
  return <EditEndpointsLauncher namespace={service.namespace} name={service.name} />;
}
