/**
 * OpenAPI v3 schemas of the other core/v1 kinds the map reads — Namespace, Node, Service,
 * Endpoints, Event — and the object references they share (k8s.io/api/core/v1), in the shape of
 * ./schemas.ts. Pods are in ./schemas-pod.ts, ConfigMaps and ServiceAccounts in
 * ./schemas-config.ts.
 */
import {
  atomic,
  bool,
  condition,
  CORE_V1,
  int32,
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
  strs,
  time,
  type Schema,
} from './builders';

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

export const CORE_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(CORE_V1, 'Namespace', 'Namespace provides a scope for Names.', {
    spec: obj('NamespaceSpec describes the attributes on a Namespace.', {
      finalizers: atomic({ type: 'string', default: '' }),
    }),
    status: obj('NamespaceStatus is information about the current status of a Namespace.', {
      conditions: mergeList(condition('NamespaceCondition'), 'type'),
      phase: s(),
    }),
  }),
  ...kindWithList(CORE_V1, 'Node', 'Node is a worker node in Kubernetes.', {
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
  ...kindWithList(
    CORE_V1,
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
  [`${P}ServiceSpec`]: serviceSpec,
  [`${P}ServicePort`]: servicePort,
  [`${P}LoadBalancerStatus`]: loadBalancerStatus,
  [`${P}ObjectReference`]: { ...objectReference, 'x-kubernetes-map-type': 'atomic' },
  ...kindWithList(
    CORE_V1,
    'Endpoints',
    'Endpoints is a collection of endpoints that implement the actual service.',
    {
      subsets: atomic(ref(`${P}EndpointSubset`)),
    },
  ),
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
  ...kindWithList(CORE_V1, 'Event', 'Event is a report of an event somewhere in the cluster.', {
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
  }),
};
