/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, served read-only: the collection exists (so
 * clients that look for CRDs, such as kubectl's validation of a kind it cannot check by OpenAPI,
 * get the empty list a cluster without CRDs answers), but the embedded cluster serves no custom
 * resources, so creating one is refused instead of storing a definition nothing would serve.
 */
import { forbidden } from '../../core/field-errors';
import type { ResourceStrategy } from '../../core/types';

export const CRDS_NOT_SERVED =
  'the embedded cluster serves no custom resources, so it stores no CustomResourceDefinition';

export const customResourceDefinitionStrategy: ResourceStrategy = {
  validate: () => [forbidden('spec', CRDS_NOT_SERVED)],
};
