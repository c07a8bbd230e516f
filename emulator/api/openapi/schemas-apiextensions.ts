/**
 * OpenAPI v3 schemas of apiextensions.k8s.io/v1 CustomResourceDefinition
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1), in the shape of ./schemas.ts. The
 * embedded cluster stores none (see ../strategies/custom-resource-definitions.ts), so spec and
 * status are open objects.
 */
import { kindWithList, open, type GroupVersion, type Schema } from './builders';

const APIEXTENSIONS_V1: GroupVersion = {
  prefix: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.',
  group: 'apiextensions.k8s.io',
  version: 'v1',
};

export const APIEXTENSIONS_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(
    APIEXTENSIONS_V1,
    'CustomResourceDefinition',
    'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
    { spec: open, status: open },
  ),
};
