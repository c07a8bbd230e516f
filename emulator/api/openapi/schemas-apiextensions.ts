/**
 * OpenAPI v3 schemas of apiextensions.k8s.io/v1 CustomResourceDefinition
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1), in the shape of ./schemas.ts. The
 * embedded cluster stores none (see ../strategies/custom-resource-definitions.ts), so spec and
 * status are open objects.
 */
import { kind, list, open, type Schema } from './builders';

const X = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
const G = 'apiextensions.k8s.io';

export const APIEXTENSIONS_SCHEMAS: Record<string, Schema> = {
  [`${X}CustomResourceDefinition`]: kind(
    G,
    'v1',
    'CustomResourceDefinition',
    'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
    { spec: open, status: open },
  ),
  [`${X}CustomResourceDefinitionList`]: list(
    G,
    'v1',
    'CustomResourceDefinitionList',
    `${X}CustomResourceDefinition`,
  ),
};
