/**
 * The known fields of the served kinds, for server-side field validation
 * (`fieldValidation=Strict|Warn`): the apiserver's strict decoder reports every field its Go
 * structs do not declare as `unknown field "spec.foo"` (list items with their index, e.g.
 * `spec.containers[0].imagee`). The structure follows k8s.io/api at v1.33. Free-form or
 * deep-but-rarely-typed parts (volume sources, probes, affinity, resources, status blocks) are
 * marked `'x'` and not checked — see NOTES.md.
 */
import type { ResourceName } from './types';

type S = 'x' | { [field: string]: S } | [S];

const x = 'x' as const;

const objectReference: S = {
  kind: x,
  namespace: x,
  name: x,
  uid: x,
  apiVersion: x,
  resourceVersion: x,
  fieldPath: x,
};

const objectMeta: S = {
  name: x,
  generateName: x,
  namespace: x,
  selfLink: x,
  uid: x,
  resourceVersion: x,
  generation: x,
  creationTimestamp: x,
  deletionTimestamp: x,
  deletionGracePeriodSeconds: x,
  labels: x,
  annotations: x,
  ownerReferences: [
    { apiVersion: x, kind: x, name: x, uid: x, controller: x, blockOwnerDeletion: x },
  ],
  finalizers: x,
  managedFields: x,
};

const container: S = {
  name: x,
  image: x,
  command: x,
  args: x,
  workingDir: x,
  ports: [{ name: x, hostPort: x, containerPort: x, protocol: x, hostIP: x }],
  envFrom: x,
  env: [{ name: x, value: x, valueFrom: x }],
  resources: x,
  resizePolicy: x,
  restartPolicy: x,
  volumeMounts: [
    {
      name: x,
      readOnly: x,
      recursiveReadOnly: x,
      mountPath: x,
      subPath: x,
      mountPropagation: x,
      subPathExpr: x,
    },
  ],
  volumeDevices: x,
  livenessProbe: x,
  readinessProbe: x,
  startupProbe: x,
  lifecycle: x,
  terminationMessagePath: x,
  terminationMessagePolicy: x,
  imagePullPolicy: x,
  securityContext: x,
  stdin: x,
  stdinOnce: x,
  tty: x,
};

const podSpec: S = {
  volumes: x,
  initContainers: [container],
  containers: [container],
  ephemeralContainers: x,
  restartPolicy: x,
  terminationGracePeriodSeconds: x,
  activeDeadlineSeconds: x,
  dnsPolicy: x,
  nodeSelector: x,
  serviceAccountName: x,
  serviceAccount: x,
  automountServiceAccountToken: x,
  nodeName: x,
  hostNetwork: x,
  hostPID: x,
  hostIPC: x,
  shareProcessNamespace: x,
  securityContext: x,
  imagePullSecrets: x,
  hostname: x,
  subdomain: x,
  affinity: x,
  schedulerName: x,
  tolerations: x,
  hostAliases: x,
  priorityClassName: x,
  priority: x,
  dnsConfig: x,
  readinessGates: x,
  runtimeClassName: x,
  enableServiceLinks: x,
  preemptionPolicy: x,
  overhead: x,
  topologySpreadConstraints: x,
  setHostnameAsFQDN: x,
  os: x,
  hostUsers: x,
  schedulingGates: x,
  resourceClaims: x,
  resources: x,
};

const podTemplate: S = { metadata: objectMeta, spec: podSpec };

const endpointAddress: S = { ip: x, hostname: x, nodeName: x, targetRef: objectReference };

const top = (fields: Record<string, S>): S => ({
  apiVersion: x,
  kind: x,
  metadata: objectMeta,
  ...fields,
});

const SCHEMAS: Record<ResourceName | 'scale', S> = {
  namespaces: top({ spec: { finalizers: x }, status: x }),
  nodes: top({
    spec: {
      podCIDR: x,
      podCIDRs: x,
      providerID: x,
      unschedulable: x,
      taints: x,
      configSource: x,
      externalID: x,
    },
    status: x,
  }),
  pods: top({ spec: podSpec, status: x }),
  services: top({
    spec: {
      ports: [{ name: x, protocol: x, appProtocol: x, port: x, targetPort: x, nodePort: x }],
      selector: x,
      clusterIP: x,
      clusterIPs: x,
      type: x,
      externalIPs: x,
      sessionAffinity: x,
      loadBalancerIP: x,
      loadBalancerSourceRanges: x,
      externalName: x,
      externalTrafficPolicy: x,
      healthCheckNodePort: x,
      publishNotReadyAddresses: x,
      sessionAffinityConfig: x,
      ipFamilies: x,
      ipFamilyPolicy: x,
      allocateLoadBalancerNodePorts: x,
      loadBalancerClass: x,
      internalTrafficPolicy: x,
      trafficDistribution: x,
    },
    status: x,
  }),
  endpoints: top({
    subsets: [
      {
        addresses: [endpointAddress],
        notReadyAddresses: [endpointAddress],
        ports: [{ name: x, port: x, protocol: x, appProtocol: x }],
      },
    ],
  }),
  endpointslices: top({
    addressType: x,
    endpoints: [
      {
        addresses: x,
        conditions: { ready: x, serving: x, terminating: x },
        hostname: x,
        targetRef: objectReference,
        deprecatedTopology: x,
        nodeName: x,
        zone: x,
        hints: x,
      },
    ],
    ports: [{ name: x, protocol: x, port: x, appProtocol: x }],
  }),
  events: top({
    involvedObject: objectReference,
    reason: x,
    message: x,
    source: x,
    firstTimestamp: x,
    lastTimestamp: x,
    count: x,
    type: x,
    eventTime: x,
    series: x,
    action: x,
    related: objectReference,
    reportingComponent: x,
    reportingInstance: x,
  }),
  deployments: top({
    spec: {
      replicas: x,
      selector: x,
      template: podTemplate,
      strategy: x,
      minReadySeconds: x,
      revisionHistoryLimit: x,
      paused: x,
      progressDeadlineSeconds: x,
    },
    status: x,
  }),
  replicasets: top({
    spec: { replicas: x, minReadySeconds: x, selector: x, template: podTemplate },
    status: x,
  }),
  scale: top({ spec: { replicas: x }, status: x }),
};

function walk(schema: S, value: unknown, path: string, out: string[]): void {
  if (schema === 'x' || value === null || value === undefined) return;
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => walk(schema[0], item, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    const sub = schema[key];
    if (sub === undefined) out.push(childPath);
    else walk(sub, child, childPath, out);
  }
}

/** The dotted paths of fields the kind does not declare, in document order. */
export function unknownFields(resource: ResourceName | 'scale', object: unknown): string[] {
  const out: string[] = [];
  walk(SCHEMAS[resource], object, '', out);
  return out;
}
