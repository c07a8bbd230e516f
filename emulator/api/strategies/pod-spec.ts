/**
 * Pod spec defaulting and validation shared by Pods and pod templates (Deployments,
 * ReplicaSets, StatefulSets, DaemonSets): upstream's SetDefaults_PodSpec/SetDefaults_Container,
 * SetDefaults_Probe and SetDefaults_HTTPGetAction (pkg/apis/core/v1), the volume-source and
 * fieldRef defaults (./pod-spec-volume-defaults.ts), the two SetDefaults_Pod rules that apply to
 * Pods only (`defaultRequestsFromLimits`, `defaultHostNetworkPorts`; 1.27 also defaulted host
 * ports in templates), and the parts of ValidatePodSpec (pkg/apis/core/validation/validation.go)
 * that manifests commonly get wrong (containers, names, images, ports, env, volume names and
 * mounts, resources, policies; probes and lifecycle hooks in ./pod-spec-probes.ts), with
 * upstream's messages, in upstream's order (containers, then init containers).
 */
import type { FieldCause } from '../../core/types';
import { duplicate, invalid, notSupported, required } from '../../core/field-errors';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../core/names';
import {
  validateEnv,
  validateResourceRequirements,
  validateVolumeMounts,
  validateVolumes,
} from './pod-spec-containers';
import { defaultEnvFieldRefs, defaultVolumes } from './pod-spec-volume-defaults';
import {
  validateInitContainerHandlers,
  validateRegularContainerHandlers,
  type HandlerContext,
} from './pod-spec-probes';

export interface ContainerPortSpec {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
}
export interface ContainerSpec {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  ports?: ContainerPortSpec[];
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  resources?: Record<string, unknown>;
  restartPolicy?: string;
  [key: string]: unknown;
}
export interface PodSpecShape {
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: string;
  dnsPolicy?: string;
  terminationGracePeriodSeconds?: number;
  schedulerName?: string;
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `Always` for `:latest` or untagged images (without digest), `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: string | undefined): string {
  const ref = image ?? '';
  if (ref.includes('@')) return 'IfNotPresent';
  const lastSlash = ref.lastIndexOf('/');
  const tagSep = ref.indexOf(':', lastSlash + 1);
  if (tagSep === -1) return 'Always';
  return ref.slice(tagSep + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The handler defaults the generated SetObjectDefaults runs wherever an action appears:
 * SetDefaults_HTTPGetAction (path `/`, scheme HTTP) and GRPCAction's `+default=""` service.
 */
function defaultHandler(handler: unknown): void {
  if (!isObj(handler)) return;
  const http = handler.httpGet;
  if (isObj(http)) {
    if (!http.path) http.path = '/';
    if (!http.scheme) http.scheme = 'HTTP';
  }
  if (isObj(handler.grpc)) handler.grpc.service ??= '';
}

/** SetDefaults_Probe: zero (unset) timings become 1s timeout, 10s period, 1 success, 3 failures. */
function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  defaultHandler(probe);
}

function defaultContainer(c: ContainerSpec): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  defaultEnvFieldRefs(c.env);
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[key]);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

/**
 * SetDefaults_PodSpec and what the generated defaulter runs beneath it, for Pods and templates
 * alike. `minorVersion` (the cluster's, default 33) decides where host ports are defaulted.
 */
export function defaultPodSpec(spec: PodSpecShape, minorVersion = 33): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  // Up to 1.27 SetDefaults_PodSpec defaulted host ports, so templates got them too. 1.28 moved
  // the rule to SetDefaults_Pod and kept the old place only behind the gate
  // DefaultHostNetworkHostPortsInPodTemplates (deprecated, off by default; removed in 1.31).
  if (minorVersion < 28) defaultHostNetworkPorts(spec);
  defaultVolumes(spec.volumes);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

/** The containers SetDefaults_Pod walks: regular and init, never ephemeral ones. */
const podDefaultedContainers = (spec: PodSpecShape): ContainerSpec[] => [
  ...(Array.isArray(spec.containers) ? spec.containers : []),
  ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
];

/**
 * SetDefaults_Pod (Pods only, never templates): a container's limit for a resource it requests
 * nothing of becomes its request; requests already set stay. It runs before validation, so
 * ValidateResourceRequirements sees the copied requests.
 */
export function defaultRequestsFromLimits(spec: PodSpecShape): void {
  for (const c of podDefaultedContainers(spec)) {
    const resources = c.resources;
    if (!isObj(resources) || !isObj(resources.limits)) continue;
    const requests = isObj(resources.requests) ? resources.requests : {};
    for (const [name, limit] of Object.entries(resources.limits))
      if (!Object.hasOwn(requests, name)) requests[name] = limit;
    // For `limits: {}` upstream makes an empty requests map, which omitempty never writes out.
    if (Object.keys(requests).length > 0) resources.requests = requests;
  }
}

/**
 * defaultHostNetworkPorts: with `hostNetwork: true`, a container or init container port's unset
 * hostPort becomes its containerPort (a zero containerPort leaves it unset, as Go's 0 omits).
 */
export function defaultHostNetworkPorts(spec: PodSpecShape): void {
  if (spec.hostNetwork !== true) return;
  for (const c of podDefaultedContainers(spec))
    for (const p of Array.isArray(c.ports) ? c.ports : [])
      if (isObj(p) && !p.hostPort && p.containerPort) p.hostPort = p.containerPort;
}

/** What validateContainerCommon needs beyond the container: the pod's valid volume names. */
interface ContainerContext extends HandlerContext {
  volumes: Set<string>;
  relaxedEnvNames: boolean;
}

/** validateContainerCommon (subset), in upstream's order. */
function validateContainerCommon(
  c: ContainerSpec,
  cp: string,
  { volumes, relaxedEnvNames }: ContainerContext,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = c.name ?? '';
  if (!name) causes.push(required(`${cp}.name`));
  else for (const msg of isDNS1123Label(name)) causes.push(invalid(`${cp}.name`, name, msg));
  if (!c.image) causes.push(required(`${cp}.image`));
  // Port names are unique within a container (upstream validateContainerPorts).
  const portNames = new Set<string>();
  (c.ports ?? []).forEach((p, j) => {
    const pp = `${cp}.ports[${j}]`;
    if (p.name) {
      for (const msg of isValidPortName(p.name)) causes.push(invalid(`${pp}.name`, p.name, msg));
      if (portNames.has(p.name)) causes.push(duplicate(`${pp}.name`, p.name));
      portNames.add(p.name);
    }
    if (p.containerPort === undefined || p.containerPort === 0)
      causes.push(required(`${pp}.containerPort`));
    else
      for (const msg of isValidPortNum(p.containerPort))
        causes.push(invalid(`${pp}.containerPort`, p.containerPort, msg));
    if (p.hostPort !== undefined && p.hostPort !== 0)
      for (const msg of isValidPortNum(p.hostPort))
        causes.push(invalid(`${pp}.hostPort`, p.hostPort, msg));
    if (!p.protocol) causes.push(required(`${pp}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol))
      causes.push(notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
  });
  causes.push(...validateEnv(c.env, `${cp}.env`, relaxedEnvNames));
  causes.push(...validateVolumeMounts(c.volumeMounts, volumes, `${cp}.volumeMounts`));
  if (
    c.imagePullPolicy !== undefined &&
    !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)
  )
    causes.push(
      notSupported(`${cp}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']),
    );
  causes.push(...validateResourceRequirements(c.resources, `${cp}.resources`));
  return causes;
}

/** validateContainers: common checks, unique names, then hooks and probes (./pod-spec-probes). */
function validateContainers(
  containers: ContainerSpec[],
  path: string,
  ctx: ContainerContext,
): FieldCause[] {
  if (containers.length === 0) return [required(path)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cp = `${path}[${i}]`;
    causes.push(...validateContainerCommon(c, cp, ctx));
    const name = c.name ?? '';
    if (names.has(name)) causes.push(duplicate(`${cp}.name`, name));
    else names.add(name);
    causes.push(...validateRegularContainerHandlers(c, cp, ctx));
  });
  return causes;
}

/** validateInitContainers: names are unique across init and regular containers. */
function validateInitContainers(
  containers: ContainerSpec[],
  regular: ContainerSpec[],
  path: string,
  ctx: ContainerContext,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set(regular.map((c) => c.name ?? ''));
  containers.forEach((c, i) => {
    const cp = `${path}[${i}]`;
    causes.push(...validateContainerCommon(c, cp, ctx));
    const { restartPolicy, handlers } = validateInitContainerHandlers(c, cp, ctx);
    causes.push(...restartPolicy);
    const name = c.name ?? '';
    if (names.has(name)) causes.push(duplicate(`${cp}.name`, name));
    else if (name) names.add(name);
    causes.push(...handlers);
  });
  return causes;
}

/**
 * ValidatePodSpec (subset). `path` is e.g. `spec` or `spec.template.spec`; `minorVersion` (the
 * cluster's, default 33) decides RelaxedEnvironmentVariableValidation (default on from 1.32).
 */
export function validatePodSpec(
  spec: PodSpecShape | undefined,
  path: string,
  minorVersion = 33,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const s = spec ?? {};
  const volumes = validateVolumes(s.volumes, `${path}.volumes`, causes);
  const gracePeriod = s.terminationGracePeriodSeconds;
  const ctx: ContainerContext = {
    volumes,
    relaxedEnvNames: minorVersion >= 32,
    gracePeriod: typeof gracePeriod === 'number' ? gracePeriod : undefined,
    minor: minorVersion,
  };
  const containers = Array.isArray(s.containers) ? s.containers : [];
  const initContainers = Array.isArray(s.initContainers) ? s.initContainers : [];
  causes.push(...validateContainers(containers, `${path}.containers`, ctx));
  causes.push(...validateInitContainers(initContainers, containers, `${path}.initContainers`, ctx));
  if (!s.restartPolicy) causes.push(required(`${path}.restartPolicy`));
  else if (!['Always', 'Never', 'OnFailure'].includes(s.restartPolicy))
    causes.push(
      notSupported(`${path}.restartPolicy`, s.restartPolicy, ['Always', 'Never', 'OnFailure']),
    );
  const dnsPolicies = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
  if (!s.dnsPolicy) causes.push(required(`${path}.dnsPolicy`));
  else if (!dnsPolicies.includes(s.dnsPolicy))
    causes.push(notSupported(`${path}.dnsPolicy`, s.dnsPolicy, dnsPolicies));
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0)
    causes.push(
      invalid(
        `${path}.terminationGracePeriodSeconds`,
        s.terminationGracePeriodSeconds,
        'must be greater than or equal to 0',
      ),
    );
  return causes;
}
