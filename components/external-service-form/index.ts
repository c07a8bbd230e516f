/**
 * The external-Service form (issue 4). The map wires the two launchers: `ExternalServiceFormLauncher`
 * in its toolbar, `EditEndpointsLauncher` in a selector-less Service's panel.
 */
export { ExternalServiceForm, type ExternalServiceFormProps } from './external-service-form';
export { EditEndpointsForm, type EditEndpointsFormProps } from './edit-endpoints-form';
export {
  ExternalServiceFormLauncher,
  EditEndpointsLauncher,
  type ExternalServiceFormLauncherProps,
  type EditEndpointsLauncherProps,
} from './launchers';
