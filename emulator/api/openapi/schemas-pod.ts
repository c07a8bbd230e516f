/**
 * OpenAPI v3 schemas of core/v1 Pod and what it is made of — PodSpec, PodTemplateSpec (which the
 * workloads' schemas refer to), containers, their ports, probes, resources and statuses
 * (k8s.io/api/core/v1), in the shape of ./schemas.ts. Volumes, affinity, security contexts,
 * lifecycle hooks and probes' exec and grpc handlers are open objects.
 */
import {
  arr,
  atomic,
  bool,
  condition,
  CORE_V1,
  int32,
  int64,
  intOrString,
  kindWithList,
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
  time,
  type Schema,
} from './builders';

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

// Modelled so that their IntOrString ports are decoded (and refused) as upstream decodes them.
const httpGet = obj(
  'HTTPGetAction describes an action based on HTTP Get requests.',
  {
    host: s(),
    httpHeaders: atomic(
      obj('HTTPHeader describes a custom header.', { name: s(), value: s() }, ['name', 'value']),
    ),
    path: s(),
    port: intOrString,
    scheme: s(),
  },
  ['port'],
);
const tcpSocket = obj(
  'TCPSocketAction describes an action based on opening a socket',
  { host: s(), port: intOrString },
  ['port'],
);

const probe = obj('Probe describes a health check to be performed against a container.', {
  exec: open,
  failureThreshold: int32,
  grpc: open,
  httpGet,
  initialDelaySeconds: int32,
  periodSeconds: int32,
  successThreshold: int32,
  tcpSocket,
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

export const POD_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(CORE_V1, 'Pod', 'Pod is a collection of containers that can run on a host.', {
    spec: ref(`${P}PodSpec`),
    status: ref(`${P}PodStatus`),
  }),
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
    properties: {
      // The one volume source with a Quantity (sizeLimit), so that it is decoded as one.
      emptyDir: obj('EmptyDirVolumeSource', {
        medium: s(),
        sizeLimit: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
      }),
      name: s(),
    },
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
};
