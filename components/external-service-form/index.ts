/**
 * The external-Service forms: "Add external service" (a selector-less Service with manual
 * endpoints) and "Edit endpoints" (of such a Service), each usable on its own page or, through
 * `WriteActions`, in a dialog from the map's toolbar and a Service's panel; "Delete Service…"
 * (such a Service and what goes with it), in a dialog from the panel.
 */
export { ExternalServiceForm, type ExternalServiceFormProps } from './external-service-form';
export { EditEndpointsForm, type EditEndpointsFormProps } from './edit-endpoints-form';
export { WriteActions, type WriteActionsProps } from './write-actions';
export { WrittenContext } from './written-context';
export { ServiceGoneContext } from './service-gone';
