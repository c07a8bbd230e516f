/**
 * The managed-by labels and the names the endpoint controllers write in them. The controllers
 * label what they write with these; the Endpoints and EndpointSlice strategies read them, as
 * upstream's registries do, to skip the IP-format warnings for objects those controllers wrote
 * (their IPs are already canonical).
 */
export const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINTS_CONTROLLER_NAME = 'endpoint-controller';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
