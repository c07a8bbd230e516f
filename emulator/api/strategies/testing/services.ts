/**
 * Test support for the Service strategy tests: upstream's makeValidService() (the base every
 * case of TestValidateServiceCreate / TestValidateServiceUpdate tweaks) and the tweaks the
 * tables share.
 */
import type { KubeObject } from '../../../core/types';
import type { ServiceSpec } from '../service-shape';

export interface TestService extends KubeObject {
  spec: ServiceSpec;
}

/** One row of a ported table: upstream's case name, its tweak, every expected message. */
export interface ServiceCase {
  name: string;
  tweak: (s: TestService) => void;
  want: string[];
  /** The Kubernetes minor the cluster reports (33 when absent). */
  minor?: number;
}

/** Upstream's makeValidService(), in its v1 form. */
export function makeValidService(): TestService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'valid',
      namespace: 'valid',
      labels: {},
      annotations: {},
      resourceVersion: '1',
    },
    spec: {
      selector: { key: 'val' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ports: [{ name: 'p', protocol: 'TCP', port: 8675, targetPort: 8675 }],
      internalTrafficPolicy: 'Cluster',
    },
  };
}

export function headless(s: TestService): void {
  s.spec.clusterIP = 'None';
  s.spec.clusterIPs = ['None'];
}

export function loadBalancer(s: TestService): void {
  s.spec.type = 'LoadBalancer';
  s.spec.allocateLoadBalancerNodePorts = true;
  s.spec.externalTrafficPolicy = 'Cluster';
}
