/**
 * Go type names of the served kinds' schema nodes, as reflect's Type.String() prints them in
 * encoding/json's errors: `v1.ObjectMeta`, `[]v1.EndpointAddress`, `map[string]string`,
 * `v1.ResourceList`, `int32`. A `$ref` names its Go type (`io.k8s.api.core.v1.EndpointAddress`
 * → `v1.EndpointAddress`); an inline object's description starts with its Go type's name
 * (./builders.ts), in the package of the nearest `$ref` above it. A few fields whose Go types are
 * named types the schemas cannot show are listed here. Undefined means "not known": the caller
 * must then not report a mismatch rather than guess a name.
 */
import type { Schema } from './builders';
import { COMPONENTS } from './schemas';

/** Follows `$ref`s to the schema they name. */
export function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s && typeof s.$ref === 'string'; i++)
    s = COMPONENTS[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** The Go package of a component name: `io.k8s.api.apps.v1.DeploymentSpec` → `v1`. */
export function packageOf(componentName: string): string {
  const parts = componentName.split('.');
  return parts[parts.length - 2] ?? '';
}

/** Upstream descriptions that do not start with their Go type's name. */
const DESCRIBED_AS: Record<string, string> = {
  'Spec to control the desired behavior of rolling update.': 'RollingUpdateDeployment',
  'A single application container that you want to run within a pod.': 'Container',
  'A label selector is a label query over a set of resources.': 'LabelSelector',
  'A label selector requirement.': 'LabelSelectorRequirement',
};

/**
 * Go types (`Struct.field` → type) the schemas cannot express: named slice/map types, and the
 * open objects (and lists of them) whose contents are not modelled here — naming them lets a
 * string or a list given for `affinity` be refused while what is inside stays unchecked.
 */
const FIELD_TYPES: Record<string, string> = {
  'NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'UserInfo.extra': 'map[string]v1.ExtraValue',
  'SubjectAccessReviewSpec.extra': 'map[string]v1.ExtraValue',
  'CustomResourceDefinition.spec': 'v1.CustomResourceDefinitionSpec',
  'CustomResourceDefinition.status': 'v1.CustomResourceDefinitionStatus',
  'StatefulSetSpec.volumeClaimTemplates': '[]v1.PersistentVolumeClaim',
  'ResourceAttributes.fieldSelector': 'v1.FieldSelectorAttributes',
  'ResourceAttributes.labelSelector': 'v1.LabelSelectorAttributes',
  'ServiceSpec.sessionAffinityConfig': 'v1.SessionAffinityConfig',
  'LoadBalancerIngress.ports': '[]v1.PortStatus',
  'NodeSpec.configSource': 'v1.NodeConfigSource',
  'NodeSpec.taints': '[]v1.Taint',
  'NodeStatus.config': 'v1.NodeConfigStatus',
  'NodeStatus.daemonEndpoints': 'v1.NodeDaemonEndpoints',
  'NodeStatus.features': 'v1.NodeFeatures',
  'NodeStatus.images': '[]v1.ContainerImage',
  'NodeStatus.runtimeHandlers': '[]v1.NodeRuntimeHandler',
  'NodeStatus.volumesAttached': '[]v1.AttachedVolume',
  'NodeSystemInfo.swap': 'v1.NodeSwapStatus',
  'Probe.exec': 'v1.ExecAction',
  'Probe.grpc': 'v1.GRPCAction',
  'Probe.httpGet': 'v1.HTTPGetAction',
  'Probe.tcpSocket': 'v1.TCPSocketAction',
  'Container.envFrom': '[]v1.EnvFromSource',
  'Container.lifecycle': 'v1.Lifecycle',
  'Container.resizePolicy': '[]v1.ContainerResizePolicy',
  'Container.securityContext': 'v1.SecurityContext',
  'Container.volumeDevices': '[]v1.VolumeDevice',
  'PodSpec.affinity': 'v1.Affinity',
  'PodSpec.dnsConfig': 'v1.PodDNSConfig',
  'PodSpec.ephemeralContainers': '[]v1.EphemeralContainer',
  'PodSpec.hostAliases': '[]v1.HostAlias',
  'PodSpec.imagePullSecrets': '[]v1.LocalObjectReference',
  'PodSpec.os': 'v1.PodOS',
  'PodSpec.resourceClaims': '[]v1.PodResourceClaim',
  'PodSpec.schedulingGates': '[]v1.PodSchedulingGate',
  'PodSpec.securityContext': 'v1.PodSecurityContext',
  'PodSpec.tolerations': '[]v1.Toleration',
  'PodSpec.topologySpreadConstraints': '[]v1.TopologySpreadConstraint',
  'ContainerStatus.user': 'v1.ContainerUser',
  'ContainerStatus.volumeMounts': '[]v1.VolumeMountStatus',
  'ContainerStatus.allocatedResourcesStatus': '[]v1.ResourceStatus',
  'EnvVar.valueFrom': 'v1.EnvVarSource',
  'ResourceRequirements.claims': '[]v1.ResourceClaim',
  'PodStatus.resourceClaimStatuses': '[]v1.PodResourceClaimStatus',
};

/** A listed field's Go type (FIELD_TYPES) by its struct and JSON path. */
export function fieldGoType(struct: string, path: string): string | undefined {
  return FIELD_TYPES[`${struct}.${path.split('.').pop() ?? ''}`];
}

/** The unqualified Go name of a struct schema: its `$ref`'s last segment or its description's. */
export function goTypeOfStruct(s: Schema, refName?: string): string | undefined {
  if (refName) return refName.split('.').pop();
  if (typeof s.description !== 'string') return undefined;
  return DESCRIBED_AS[s.description] ?? /^([A-Z][A-Za-z0-9]*)(?=[\s.,]|$)/.exec(s.description)?.[1];
}

/**
 * The Go type of `schema` (possibly a `$ref`) in package `pkg`, for field `path` of struct
 * `struct` (the field-table key), or undefined when it cannot be named.
 */
export function goTypeOf(
  schema: Schema | undefined,
  pkg: string,
  struct?: string,
  path?: string,
): string | undefined {
  if (!schema) return undefined;
  const listed = struct && path ? fieldGoType(struct, path) : undefined;
  if (listed) return listed;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return `${packageOf(name)}.${name.split('.').pop()}`;
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'array': {
      const item = goTypeOf(schema.items as Schema | undefined, pkg);
      return item ? `[]${item}` : undefined;
    }
  }
  if (schema.properties) {
    const name = goTypeOfStruct(schema);
    return name ? `${pkg}.${name}` : undefined;
  }
  const additional = schema.additionalProperties as Schema | undefined;
  if (!additional) return undefined; // open: its Go type is not in the schema
  // Every map of quantities among the served kinds is core/v1's ResourceList.
  if (typeof additional.$ref === 'string' && additional.$ref.endsWith('.Quantity'))
    return 'v1.ResourceList';
  const value = goTypeOf(additional, pkg);
  return value ? `map[string]${value}` : undefined;
}
