/**
 * The Service strategy: what kube-apiserver's service registry does to a Service between the
 * request and storage, in its order, each step in its own module:
 * - decoding (the Go struct round trip drops zero values) and `SetDefaults_Service`
 *   (./service-defaults.ts);
 * - the storage's begin hooks: on update `patchAllocatedValues`, then `normalizeClusterIPs`, then
 *   allocation of IP families, ClusterIPs and NodePorts (./service-allocation.ts), whose errors
 *   are answered alone, before validation, as upstream's storage returns them;
 * - the strategy's PrepareForCreate / PrepareForUpdate (`dropServiceDisabledFields`,
 *   `dropTypeDependentFields`; a created Service starts with an empty status);
 * - ValidateService / ValidateServiceUpdate (./service-validation.ts);
 * - the /status subresource: the spec stays as stored, `ValidateServiceStatusUpdate`
 *   (./service-status.ts);
 * - WarningsOnCreate / WarningsOnUpdate: GetWarningsForService's IP and CIDR warnings
 *   (./service-warnings.ts).
 * Behaviour that changed between Kubernetes 1.27 and 1.33 follows the minor the cluster reports.
 */
import type { FieldCause, KubeObject, ResourceStrategy, StrategyContext } from '../../core/types';
import { allocateService } from './service-allocation';
import {
  dropServiceDisabledFields,
  dropTypeDependentFields,
  dropZeroValues,
  normalizeClusterIPs,
  patchAllocatedValues,
  setServiceDefaults,
} from './service-defaults';
import { servedMinor, type ServiceObject } from './service-shape';
import { prepareServiceStatusUpdate, validateServiceStatusUpdate } from './service-status';
import { validateService, validateServiceUpdate } from './service-validation';
import { serviceWarnings } from './service-warnings';

export type { ServicePort, ServiceSpec } from './service-shape';

/** Allocation failures of a write, answered instead of validation. */
const allocationErrors = new WeakMap<object, FieldCause[]>();

function defaultService(obj: KubeObject, previous: KubeObject | undefined, ctx: StrategyContext) {
  const svc = obj as ServiceObject;
  const old = previous as ServiceObject | undefined;
  const minor = servedMinor(ctx);
  const spec = (svc.spec ??= {});
  dropZeroValues(spec);
  setServiceDefaults(svc, minor);
  if (old?.spec) patchAllocatedValues(spec, old.spec);
  normalizeClusterIPs(spec, old?.spec);
  const errors = allocateService(spec, old?.spec, ctx);
  if (errors.length > 0) {
    allocationErrors.set(obj, errors);
    return;
  }
  allocationErrors.delete(obj);
  dropServiceDisabledFields(spec, old?.spec, minor);
  if (old) dropTypeDependentFields(svc, old, minor);
  else svc.status = { loadBalancer: {} };
}

function validate(obj: KubeObject, previous: KubeObject | undefined, ctx: StrategyContext) {
  const allocation = allocationErrors.get(obj);
  if (allocation) return allocation;
  const minor = servedMinor(ctx);
  return previous ? validateServiceUpdate(obj, previous, minor) : validateService(obj, minor);
}

function statusUpdate(obj: KubeObject, previous: KubeObject, ctx: StrategyContext): FieldCause[] {
  const minor = servedMinor(ctx);
  prepareServiceStatusUpdate(obj as ServiceObject, previous as ServiceObject, minor);
  return validateServiceStatusUpdate(obj, previous, minor);
}

export const serviceStrategy: ResourceStrategy = {
  default: defaultService,
  validate,
  statusUpdate,
  warningsOnCreate: serviceWarnings,
  warningsOnUpdate: (obj, _previous, minorVersion) => serviceWarnings(obj, minorVersion),
};
