/**
 * The Service /status subresource: the status strategy's PrepareForUpdate (the spec stays as
 * stored; `dropServiceStatusDisabledFields`), the decoder's defaulting of load-balancer `ipMode`,
 * and ValidateServiceStatusUpdate / ValidateLoadBalancerStatus
 * (pkg/apis/core/validation/validation.go) with upstream's messages:
 * - from 1.29 only a LoadBalancer Service may carry `status.loadBalancer.ingress` (the
 *   AllowServiceLBStatusOnNonLB gate, off by default);
 * - `ip` must be an IP address; `hostname` a DNS-1123 subdomain and not an IP address;
 * - `ipMode` (LoadBalancerIPMode, on by default from 1.30) is required with `ip`, forbidden
 *   without it, and one of Proxy / VIP.
 */
import { forbidden, notSupported, required } from '../../core/field-errors';
import { invalid } from '../../core/field-errors';
import { parseIPSloppy } from '../../core/ip';
import { isDNS1123Subdomain } from '../../core/names';
import { validateObjectMetaUpdate } from '../../core/object-meta-validation';
import type { FieldCause, KubeObject } from '../../core/types';
import { validateIP } from '../validation/ip';
import { dropServiceStatusDisabledFields, setServiceDefaults } from './service-defaults';
import { TYPE_LOAD_BALANCER, type ServiceObject, type ServiceSpec } from './service-shape';

const IP_MODES = ['Proxy', 'VIP'];

/** What a status write keeps of the stored Service and how its status is defaulted. */
export function prepareServiceStatusUpdate(
  svc: ServiceObject,
  old: ServiceObject,
  minor: number,
): void {
  svc.spec = structuredClone(old.spec ?? {});
  setServiceDefaults(svc, minor);
  dropServiceStatusDisabledFields(svc, old, minor);
}

/** ValidateLoadBalancerStatus. */
export function validateLoadBalancerStatus(
  status: ServiceObject['status'],
  spec: ServiceSpec,
  minor: number,
): FieldCause[] {
  const ingress = status?.loadBalancer?.ingress ?? [];
  const path = 'status.loadBalancer.ingress';
  if (minor >= 29 && spec.type !== TYPE_LOAD_BALANCER && ingress.length > 0)
    return [forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  const ipModeRequired = minor >= 30;
  const causes: FieldCause[] = [];
  ingress.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    const ip = entry.ip ?? '';
    const hostname = entry.hostname ?? '';
    const ipMode = entry.ipMode ?? undefined;
    if (ip) causes.push(...validateIP(`${at}.ip`, ip));
    if (ipModeRequired && ipMode === undefined) {
      if (ip) causes.push(required(`${at}.ipMode`, 'must be specified when `ip` is set'));
    } else if (ipMode !== undefined && !ip) {
      causes.push(forbidden(`${at}.ipMode`, 'may not be specified when `ip` is not set'));
    } else if (ipMode !== undefined && !IP_MODES.includes(ipMode)) {
      causes.push(notSupported(`${at}.ipMode`, ipMode, IP_MODES));
    }
    if (hostname) {
      for (const msg of isDNS1123Subdomain(hostname))
        causes.push(invalid(`${at}.hostname`, hostname, msg));
      if (parseIPSloppy(hostname))
        causes.push(invalid(`${at}.hostname`, hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return causes;
}

/** ValidateServiceStatusUpdate. */
export function validateServiceStatusUpdate(
  svc: KubeObject,
  old: KubeObject,
  minor: number,
): FieldCause[] {
  const service = svc as ServiceObject;
  const causes = validateObjectMetaUpdate(svc, old);
  causes.push(...validateLoadBalancerStatus(service.status, service.spec ?? {}, minor));
  return causes;
}
