/**
 * OpenAPI v3 component schemas for the served kinds, named as upstream names them
 * (`io.k8s.api.core.v1.Service`, …): meta, core and the first apps/discovery kinds here, the
 * later kinds in ./schemas-*.ts, all assembled into COMPONENTS. They cover the fields people write in manifests; deep
 * structures the emulator does not model (volumes, affinity, security contexts, probes' handlers)
 * are open objects (`x-kubernetes-preserve-unknown-fields`) so that valid manifests never fail
 * the strict unknown-field check built on these schemas (./unknown-fields.ts).
 */

import {
  arr,
  atomic,
  bool,
  condition,
  int32,
  int64,
  intOrString,
  kind,
  list,
  M,
  mergeList,
  obj,
  open,
  P,
  protocol,
  quantityMap,
  ref,
  s,
  strMap,
  strs,
  time,
  type Schema,
} from './builders';
import { APIEXTENSIONS_SCHEMAS } from './schemas-apiextensions';
import { APPS_SCHEMAS } from './schemas-apps';
import { AUTHENTICATION_SCHEMAS } from './schemas-authentication';
import { AUTHORIZATION_SCHEMAS } from './schemas-authorization';
import { CONFIG_SCHEMAS } from './schemas-config';
import { DISCOVERY_SCHEMAS } from './schemas-discovery';
import { META_SCHEMAS } from './schemas-meta';
import { POLICY_SCHEMAS } from './schemas-policy';
import { RBAC_SCHEMAS } from './schemas-rbac';

const containerPort = obj(
  'ContainerPort represents a network port in a single container.',
  {
    containerPort: int32,
    hostIP: s(),
    hostPort: int32,
    name: s('If specified, this must be an IANA_SVC_NAME and unique within the pod.'),
    protocol: protocol('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
  },
  ['containerPort'],
);

const probe = obj('Probe describes a health check to be performed against a container.', {
  exec: open,
  failureThreshold: int32,
  grpc: open,
  httpGet: open,
  initialDelaySeconds: int32,
  periodSeconds: int32,
  successThreshold: int32,
  tcpSocket: open,
  terminationGracePeriodSeconds: int64,
  timeoutSeconds: int32,
});

const container = obj(
  'A single application container that you want to run within a pod.',
  {
    args: atomic({ type: 'string', default: '' }),
    command: atomic({ type: 'string', default: '' }),
    env: mergeList(ref(`${P}EnvVar`), 'name'),
    envFrom: atomic(open),
    image: s('Container image name.'),
    imagePullPolicy: s('Image pull policy. One of Always, Never, IfNotPresent.'),
    lifecycle: open,
    livenessProbe: ref(`${P}Probe`),
    name: s('Name of the container specified as a DNS_LABEL.'),
    ports: mergeList(ref(`${P}ContainerPort`), 'containerPort', {
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    }),
    readinessProbe: ref(`${P}Probe`),
    resizePolicy: atomic(open),
    resources: ref(`${P}ResourceRequirements`),
    restartPolicy: s(),
    securityContext: open,
    startupProbe: ref(`${P}Probe`),
    stdin: bool,
    stdinOnce: bool,
    terminationMessagePath: s(),
    terminationMessagePolicy: s(),
    tty: bool,
    volumeDevices: arr(open),
    volumeMounts: mergeList(ref(`${P}VolumeMount`), 'mountPath'),
    workingDir: s(),
  },
  ['name'],
);

const podSpec = obj(
  'PodSpec is a description of a pod.',
  {
    activeDeadlineSeconds: int64,
    affinity: open,
    automountServiceAccountToken: bool,
    containers: mergeList(ref(`${P}Container`), 'name'),
    dnsConfig: open,
    dnsPolicy: s(),
    enableServiceLinks: bool,
    ephemeralContainers: arr(open),
    hostAliases: arr(open),
    hostIPC: bool,
    hostNetwork: bool,
    hostPID: bool,
    hostUsers: bool,
    hostname: s(),
    imagePullSecrets: mergeList(open, 'name'),
    initContainers: mergeList(ref(`${P}Container`), 'name'),
    nodeName: s(),
    nodeSelector: strMap,
    os: open,
    overhead: quantityMap,
    preemptionPolicy: s(),
    priority: int32,
    priorityClassName: s(),
    readinessGates: atomic(obj('PodReadinessGate', { conditionType: s() }, ['conditionType'])),
    resourceClaims: arr(open),
    resources: ref(`${P}ResourceRequirements`),
    restartPolicy: s(),
    runtimeClassName: s(),
    schedulerName: s(),
    schedulingGates: arr(open),
    securityContext: open,
    serviceAccount: s(),
    serviceAccountName: s(),
    setHostnameAsFQDN: bool,
    shareProcessNamespace: bool,
    subdomain: s(),
    terminationGracePeriodSeconds: int64,
    tolerations: atomic(open),
    topologySpreadConstraints: arr(open),
    volumes: mergeList(ref(`${P}Volume`), 'name'),
  },
  ['containers'],
);

const containerState = obj('ContainerState holds a possible state of container.', {
  running: obj('ContainerStateRunning', { startedAt: time }),
  terminated: obj(
    'ContainerStateTerminated',
    {
      containerID: s(),
      exitCode: int32,
      finishedAt: time,
      message: s(),
      reason: s(),
      signal: int32,
      startedAt: time,
    },
    ['exitCode'],
  ),
  waiting: obj('ContainerStateWaiting', { message: s(), reason: s() }),
});

const containerStatus = obj(
  'ContainerStatus contains details for the current status of this container.',
  {
    allocatedResources: quantityMap,
    containerID: s(),
    image: s(),
    imageID: s(),
    lastState: ref(`${P}ContainerState`),
    name: s(),
    ready: bool,
    resources: ref(`${P}ResourceRequirements`),
    restartCount: int32,
    started: bool,
    state: ref(`${P}ContainerState`),
    user: open,
    volumeMounts: arr(open),
    allocatedResourcesStatus: arr(open),
    stopSignal: s(),
  },
  ['name', 'ready', 'restartCount', 'image', 'imageID'],
);

const servicePort = obj(
  "ServicePort contains information on service's port.",
  {
    appProtocol: s(),
    name: s('The name of this port within the service. This must be a DNS_LABEL.'),
    nodePort: int32,
    port: int32,
    protocol: protocol(
      'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
    ),
    targetPort: intOrString,
  },
  ['port'],
);

const serviceSpec = obj('ServiceSpec describes the attributes that a user creates on a service.', {
  allocateLoadBalancerNodePorts: bool,
  clusterIP: s(),
  clusterIPs: atomic({ type: 'string', default: '' }),
  externalIPs: atomic({ type: 'string', default: '' }),
  externalName: s(),
  externalTrafficPolicy: s(),
  healthCheckNodePort: int32,
  internalTrafficPolicy: s(),
  ipFamilies: atomic({ type: 'string', default: '' }),
  ipFamilyPolicy: s(),
  loadBalancerClass: s(),
  loadBalancerIP: s(),
  loadBalancerSourceRanges: atomic({ type: 'string', default: '' }),
  ports: {
    ...mergeList(ref(`${P}ServicePort`), 'port'),
    'x-kubernetes-list-map-keys': ['port', 'protocol'],
  },
  publishNotReadyAddresses: bool,
  selector: { ...strMap, 'x-kubernetes-map-type': 'atomic' },
  sessionAffinity: s(),
  sessionAffinityConfig: open,
  trafficDistribution: s(),
  type: s(),
});

const loadBalancerStatus = obj('LoadBalancerStatus represents the status of a load-balancer.', {
  ingress: atomic(
    obj('LoadBalancerIngress', {
      hostname: s(),
      ip: s(),
      ipMode: s(),
      ports: atomic(open),
    }),
  ),
});

const objectReference = obj(
  'ObjectReference contains enough information to let you inspect or modify the referred object.',
  {
    apiVersion: s(),
    fieldPath: s(),
    kind: s(),
    name: s(),
    namespace: s(),
    resourceVersion: s(),
    uid: s(),
  },
);

const endpointAddress = obj(
  'EndpointAddress is a tuple that describes single IP address.',
  {
    hostname: s(),
    ip: s('The IP of this endpoint.'),
    nodeName: s(),
    targetRef: ref(`${P}ObjectReference`),
  },
  ['ip'],
);

const coreEndpointPort = obj(
  'EndpointPort is a tuple that describes a single port.',
  {
    appProtocol: s(),
    name: s(),
    port: int32,
    protocol: s(),
  },
  ['port'],
);

const workloadSpecCommon = {
  minReadySeconds: int32,
  replicas: int32,
  selector: ref(`${M}LabelSelector`),
  template: ref(`${P}PodTemplateSpec`),
};

export const COMPONENTS: Record<string, Schema> = {
  ...APPS_SCHEMAS,
  ...CONFIG_SCHEMAS,
  ...RBAC_SCHEMAS,
  ...POLICY_SCHEMAS,
  ...APIEXTENSIONS_SCHEMAS,
  ...AUTHENTICATION_SCHEMAS,
  ...AUTHORIZATION_SCHEMAS,
  ...META_SCHEMAS,
  // --- core/v1 ---
  [`${P}Namespace`]: kind('', 'v1', 'Namespace', 'Namespace provides a scope for Names.', {
    spec: obj('NamespaceSpec describes the attributes on a Namespace.', {
      finalizers: atomic({ type: 'string', default: '' }),
    }),
    status: obj('NamespaceStatus is information about the current status of a Namespace.', {
      conditions: mergeList(condition('NamespaceCondition'), 'type'),
      phase: s(),
    }),
  }),
  [`${P}NamespaceList`]: list('', 'v1', 'NamespaceList', `${P}Namespace`),
  [`${P}Node`]: kind('', 'v1', 'Node', 'Node is a worker node in Kubernetes.', {
    spec: obj('NodeSpec describes the attributes that a node is created with.', {
      configSource: open,
      externalID: s(),
      podCIDR: s(),
      podCIDRs: { ...strs, 'x-kubernetes-list-type': 'set' },
      providerID: s(),
      taints: atomic(open),
      unschedulable: bool,
    }),
    status: obj('NodeStatus is information about the current status of a node.', {
      addresses: mergeList(
        obj('NodeAddress', { address: s(), type: s() }, ['type', 'address']),
        'type',
      ),
      allocatable: quantityMap,
      capacity: quantityMap,
      conditions: mergeList(condition('NodeCondition'), 'type'),
      config: open,
      daemonEndpoints: open,
      features: open,
      images: atomic(open),
      nodeInfo: obj('NodeSystemInfo is a set of ids/uuids to uniquely identify the node.', {
        architecture: s(),
        bootID: s(),
        containerRuntimeVersion: s(),
        kernelVersion: s(),
        kubeProxyVersion: s(),
        kubeletVersion: s(),
        machineID: s(),
        operatingSystem: s(),
        osImage: s(),
        swap: open,
        systemUUID: s(),
      }),
      phase: s(),
      runtimeHandlers: atomic(open),
      volumesAttached: atomic(open),
      volumesInUse: atomic({ type: 'string', default: '' }),
    }),
  }),
  [`${P}NodeList`]: list('', 'v1', 'NodeList', `${P}Node`),
  [`${P}Pod`]: kind('', 'v1', 'Pod', 'Pod is a collection of containers that can run on a host.', {
    spec: ref(`${P}PodSpec`),
    status: ref(`${P}PodStatus`),
  }),
  [`${P}PodList`]: list('', 'v1', 'PodList', `${P}Pod`),
  [`${P}PodSpec`]: podSpec,
  [`${P}PodTemplateSpec`]: obj(
    'PodTemplateSpec describes the data a pod should have when created from a template',
    {
      metadata: ref(`${M}ObjectMeta`),
      spec: ref(`${P}PodSpec`),
    },
  ),
  [`${P}Container`]: container,
  [`${P}ContainerPort`]: containerPort,
  [`${P}EnvVar`]: obj(
    'EnvVar represents an environment variable present in a Container.',
    {
      name: s(),
      value: s(),
      valueFrom: open,
    },
    ['name'],
  ),
  [`${P}VolumeMount`]: obj(
    'VolumeMount describes a mounting of a Volume within a container.',
    {
      mountPath: s(),
      mountPropagation: s(),
      name: s(),
      readOnly: bool,
      recursiveReadOnly: s(),
      subPath: s(),
      subPathExpr: s(),
    },
    ['name', 'mountPath'],
  ),
  [`${P}Volume`]: {
    ...open,
    description: 'Volume represents a named volume in a pod.',
    properties: { name: s() },
    required: ['name'],
  },
  [`${P}ResourceRequirements`]: obj(
    'ResourceRequirements describes the compute resource requirements.',
    {
      claims: arr(open),
      limits: quantityMap,
      requests: quantityMap,
    },
  ),
  [`${P}Probe`]: probe,
  [`${P}PodStatus`]: obj('PodStatus represents information about the status of a pod.', {
    conditions: mergeList(condition('PodCondition'), 'type'),
    containerStatuses: atomic(ref(`${P}ContainerStatus`)),
    ephemeralContainerStatuses: atomic(ref(`${P}ContainerStatus`)),
    hostIP: s(),
    hostIPs: atomic(obj('HostIP', { ip: s() }, ['ip'])),
    initContainerStatuses: atomic(ref(`${P}ContainerStatus`)),
    message: s(),
    nominatedNodeName: s(),
    observedGeneration: int64,
    phase: s(),
    podIP: s(),
    podIPs: mergeList(obj('PodIP', { ip: s() }, ['ip']), 'ip'),
    qosClass: s(),
    reason: s(),
    resize: s(),
    resourceClaimStatuses: arr(open),
    startTime: time,
  }),
  [`${P}ContainerStatus`]: containerStatus,
  [`${P}ContainerState`]: containerState,
  [`${P}Service`]: kind(
    '',
    'v1',
    'Service',
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    {
      spec: ref(`${P}ServiceSpec`),
      status: obj('ServiceStatus represents the current status of a service.', {
        conditions: mergeList(condition('Condition'), 'type'),
        loadBalancer: ref(`${P}LoadBalancerStatus`),
      }),
    },
  ),
  [`${P}ServiceList`]: list('', 'v1', 'ServiceList', `${P}Service`),
  [`${P}ServiceSpec`]: serviceSpec,
  [`${P}ServicePort`]: servicePort,
  [`${P}LoadBalancerStatus`]: loadBalancerStatus,
  [`${P}ObjectReference`]: { ...objectReference, 'x-kubernetes-map-type': 'atomic' },
  [`${P}Endpoints`]: kind(
    '',
    'v1',
    'Endpoints',
    'Endpoints is a collection of endpoints that implement the actual service.',
    {
      subsets: atomic(ref(`${P}EndpointSubset`)),
    },
  ),
  [`${P}EndpointsList`]: list('', 'v1', 'EndpointsList', `${P}Endpoints`),
  [`${P}EndpointSubset`]: obj(
    'EndpointSubset is a group of addresses with a common set of ports.',
    {
      addresses: atomic(ref(`${P}EndpointAddress`)),
      notReadyAddresses: atomic(ref(`${P}EndpointAddress`)),
      ports: atomic(ref(`${P}EndpointPort`)),
    },
  ),
  [`${P}EndpointAddress`]: { ...endpointAddress, 'x-kubernetes-map-type': 'atomic' },
  [`${P}EndpointPort`]: { ...coreEndpointPort, 'x-kubernetes-map-type': 'atomic' },
  [`${P}Event`]: kind(
    '',
    'v1',
    'Event',
    'Event is a report of an event somewhere in the cluster.',
    {
      action: s(),
      count: int32,
      eventTime: ref(`${M}MicroTime`),
      firstTimestamp: time,
      involvedObject: ref(`${P}ObjectReference`),
      lastTimestamp: time,
      message: s(),
      reason: s(),
      related: ref(`${P}ObjectReference`),
      reportingComponent: s(),
      reportingInstance: s(),
      series: obj('EventSeries', { count: int32, lastObservedTime: ref(`${M}MicroTime`) }),
      source: obj('EventSource contains information for an event.', { component: s(), host: s() }),
      type: s(),
    },
  ),
  [`${P}EventList`]: list('', 'v1', 'EventList', `${P}Event`),

  // --- apps/v1 ---
  'io.k8s.api.apps.v1.Deployment': kind(
    'apps',
    'v1',
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets.',
    {
      spec: obj(
        'DeploymentSpec is the specification of the desired behavior of the Deployment.',
        {
          ...workloadSpecCommon,
          paused: bool,
          progressDeadlineSeconds: int32,
          revisionHistoryLimit: int32,
          strategy: obj(
            'DeploymentStrategy describes how to replace existing pods with new ones.',
            {
              rollingUpdate: obj('Spec to control the desired behavior of rolling update.', {
                maxSurge: intOrString,
                maxUnavailable: intOrString,
              }),
              type: s(),
            },
          ),
        },
        ['selector', 'template'],
      ),
      status: obj('DeploymentStatus is the most recently observed status of the Deployment.', {
        availableReplicas: int32,
        collisionCount: int32,
        conditions: mergeList(condition('DeploymentCondition'), 'type'),
        observedGeneration: int64,
        readyReplicas: int32,
        replicas: int32,
        terminatingReplicas: int32,
        unavailableReplicas: int32,
        updatedReplicas: int32,
      }),
    },
  ),
  'io.k8s.api.apps.v1.DeploymentList': list(
    'apps',
    'v1',
    'DeploymentList',
    'io.k8s.api.apps.v1.Deployment',
  ),
  'io.k8s.api.apps.v1.ReplicaSet': kind(
    'apps',
    'v1',
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    {
      spec: obj('ReplicaSetSpec is the specification of a ReplicaSet.', workloadSpecCommon, [
        'selector',
      ]),
      status: obj(
        'ReplicaSetStatus represents the current status of a ReplicaSet.',
        {
          availableReplicas: int32,
          conditions: mergeList(condition('ReplicaSetCondition'), 'type'),
          fullyLabeledReplicas: int32,
          observedGeneration: int64,
          readyReplicas: int32,
          replicas: int32,
          terminatingReplicas: int32,
        },
        ['replicas'],
      ),
    },
  ),
  'io.k8s.api.apps.v1.ReplicaSetList': list(
    'apps',
    'v1',
    'ReplicaSetList',
    'io.k8s.api.apps.v1.ReplicaSet',
  ),
  'io.k8s.api.autoscaling.v1.Scale': kind(
    'autoscaling',
    'v1',
    'Scale',
    'Scale represents a scaling request for a resource.',
    {
      spec: obj('ScaleSpec describes the attributes of a scale subresource.', { replicas: int32 }),
      status: obj(
        'ScaleStatus represents the current status of a scale subresource.',
        {
          replicas: int32,
          selector: s(),
        },
        ['replicas'],
      ),
    },
  ),

  ...DISCOVERY_SCHEMAS,
};

/** The component names reachable from `roots` through $ref (each document carries its closure). */
export function closure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/components/schemas/', '');
        if (!seen.has(name)) {
          seen.add(name);
          visit(COMPONENTS[name]);
        }
      } else visit(v);
    }
  };
  for (const r of roots) {
    if (!seen.has(r)) {
      seen.add(r);
      visit(COMPONENTS[r]);
    }
  }
  return [...seen].sort();
}
