/**
 * The demo scenario's routing cases in small (emulator/scenarios/demo-manifests), for what a
 * viewer with part of the access, or a dashboard still reading the cluster, may conclude:
 * - default/external-web: selector-less, a hand-written v1 Endpoints mirrored into a slice;
 * - default/kubernetes: the API server's Endpoints, labelled skip-mirror, and its own slice;
 * - payments/fraud-scoring: selector-less, a hand-made EndpointSlice and no v1 Endpoints;
 * - shop/checkout: its named targetPort `http-api` is declared by no pod, so the controller's
 *   slice lists the pods with `ports: []` and the v1 Endpoints lists nothing (broken);
 * - shop/frontend: two ready pods behind a selector (healthy).
 * Seen whole, every one is healthy but checkout. Test-only.
 */
import { emptySnapshot, type ClusterSnapshot } from '../../records';
import { CONTROLLER_MANAGED_BY } from '../../routing';
import { manualEndpoints, manualSlice, mirroredSlices } from '../../testing/endpoints';
import { deploymentPods, serviceRecord } from '../../testing/objects';
import { withControllers } from '../../testing/snapshots';

export function routingCases(): ClusterSnapshot {
  const externalWeb = serviceRecord('default', 'external-web', {
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
  });
  const externalWebEndpoints = manualEndpoints('default', 'external-web', [
    { addresses: ['10.10.50.53'], ports: [{ name: 'http', port: 80 }] },
  ]);
  const kubernetes = serviceRecord('default', 'kubernetes', {
    ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
  });
  const kubernetesEndpoints = manualEndpoints(
    'default',
    'kubernetes',
    [{ addresses: ['172.18.0.2'], ports: [{ name: 'https', port: 6443 }] }],
    { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
  );
  const kubernetesSlice = manualSlice('default', 'kubernetes', 'kubernetes', {
    managedBy: CONTROLLER_MANAGED_BY,
    ports: [{ name: 'https', port: 6443 }],
    endpoints: [{ addresses: ['172.18.0.2'], ready: true }],
  });
  const fraudScoring = serviceRecord('payments', 'fraud-scoring', {
    ports: [{ name: 'grpc', protocol: 'TCP', port: 9000 }],
  });
  const fraudScoringSlice = manualSlice('payments', 'fraud-scoring-appliances', 'fraud-scoring', {
    ports: [{ name: 'grpc', port: 9000 }],
    endpoints: [
      { addresses: ['10.20.40.11'], ready: true },
      { addresses: ['10.20.40.12'], ready: true },
    ],
  });
  const checkout = serviceRecord('shop', 'checkout', {
    selector: { app: 'checkout' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http-api' }],
  });
  const frontend = serviceRecord('shop', 'frontend', {
    selector: { app: 'frontend' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
  });
  const pods = [
    ...deploymentPods('shop', 'checkout', 2, {
      labels: { app: 'checkout' },
      containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    }),
    ...deploymentPods('shop', 'frontend', 2, {
      labels: { app: 'frontend' },
      containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    }),
  ];
  const selected = withControllers({ services: [checkout, frontend], pods });
  return {
    ...emptySnapshot(),
    services: [externalWeb, kubernetes, fraudScoring, checkout, frontend],
    endpoints: [externalWebEndpoints, kubernetesEndpoints, ...selected.endpoints],
    endpointSlices: [
      ...mirroredSlices(externalWebEndpoints),
      kubernetesSlice,
      fraudScoringSlice,
      ...selected.endpointSlices,
    ],
    pods,
  };
}
