/**
 * Probe and lifecycle-hook validation of containers, as pkg/apis/core/validation/validation.go
 * does it: validateHandler (exactly one of exec/httpGet/tcpSocket/grpc for probes, of
 * exec/httpGet/tcpSocket/sleep for hooks: "may not specify more than 1 handler type" /
 * "must specify a handler type"), validateExecAction, validateHTTPGetAction,
 * ValidatePortNumOrName, validateTCPSocketAction, validateGRPCAction, validateSleepAction,
 * validateProbe (non-negative timings, terminationGracePeriodSeconds > 0),
 * validateLivenessProbe/validateStartupProbe (successThreshold must be 1),
 * validateReadinessProbe (no terminationGracePeriodSeconds), validateLifecycle, and the
 * per-container rules of validateContainers/validateInitContainers around them (init containers
 * take probes and hooks only with restartPolicy=Always; regular containers may not set
 * restartPolicy). Every function returns upstream's causes, in upstream's order, for values the
 * decoder has already type-checked; gates follow the cluster's minor version (`minor`).
 */
import type { FieldCause } from '../../core/types';
import { forbidden, invalid, notSupported, required } from '../../core/field-errors';
import { isValidPortName, isValidPortNum, regexError } from '../../core/names';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A Go pointer or slice field: JSON null and absence are both nil. */
const isSet = (v: unknown) => v !== undefined && v !== null;

/** What the handler checks need from the pod: its grace period and the cluster's minor. */
export interface HandlerContext {
  /** spec.terminationGracePeriodSeconds (defaulted to 30 before validation). */
  gracePeriod: number | undefined;
  minor: number;
}

const httpHeaderNameFmt = '[-A-Za-z0-9]+';
const httpHeaderNameRe = new RegExp(`^${httpHeaderNameFmt}$`);

/** apimachinery IsHTTPHeaderName. */
function isHTTPHeaderName(value: string): string[] {
  return httpHeaderNameRe.test(value)
    ? []
    : [
        regexError(
          "a valid HTTP header must consist of alphanumeric characters or '-'",
          httpHeaderNameFmt,
          'X-Header-Name',
        ),
      ];
}

/** ValidatePortNumOrName: an IntOrString port; absent is the int 0. */
export function validatePortNumOrName(port: unknown, path: string): FieldCause[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((msg) => invalid(path, n, msg));
}

function validateExecAction(exec: Json, path: string): FieldCause[] {
  const command = exec.command;
  return Array.isArray(command) && command.length > 0 ? [] : [required(`${path}.command`)];
}

const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

function validateHTTPGetAction(http: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (typeof http.path !== 'string' || http.path === '') causes.push(required(`${path}.path`));
  causes.push(...validatePortNumOrName(http.port, `${path}.port`));
  const scheme = typeof http.scheme === 'string' ? http.scheme : '';
  if (!HTTP_SCHEMES.includes(scheme))
    causes.push(notSupported(`${path}.scheme`, scheme, HTTP_SCHEMES));
  for (const header of Array.isArray(http.httpHeaders) ? http.httpHeaders : []) {
    const name = isObj(header) && typeof header.name === 'string' ? header.name : '';
    for (const msg of isHTTPHeaderName(name))
      causes.push(invalid(`${path}.httpHeaders`, name, msg));
  }
  return causes;
}

/**
 * validateSleepAction. PodLifecycleSleepActionAllowZero is beta (on) from 1.33; in 1.32 it is
 * alpha and the message says how to enable it; 1.30/1.31 predate it.
 */
function validateSleepAction(sleep: Json, path: string, ctx: HandlerContext): FieldCause[] {
  const seconds = typeof sleep.seconds === 'number' ? sleep.seconds : 0;
  const grace = ctx.gracePeriod;
  if (grace === undefined) return [];
  if (ctx.minor >= 33)
    return seconds < 0 || seconds > grace
      ? [
          invalid(
            path,
            seconds,
            `must be non-negative and less than terminationGracePeriodSeconds (${grace})`,
          ),
        ]
      : [];
  if (seconds > 0 && seconds <= grace) return [];
  const hint =
    ctx.minor === 32
      ? '. Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.'
      : '';
  return [
    invalid(
      path,
      seconds,
      `must be greater than 0 and less than terminationGracePeriodSeconds (${grace})${hint}`,
    ),
  ];
}

type HandlerKind = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';

/** validateHandler over commonHandler's fields in upstream's order. */
function validateHandler(
  handler: Json,
  kinds: HandlerKind[],
  path: string,
  ctx: HandlerContext,
): FieldCause[] {
  const causes: FieldCause[] = [];
  let count = 0;
  for (const kind of kinds) {
    const action = handler[kind];
    if (!isSet(action)) continue;
    const p = `${path}.${kind}`;
    if (count > 0) {
      causes.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const a = isObj(action) ? action : {};
    if (kind === 'exec') causes.push(...validateExecAction(a, p));
    else if (kind === 'httpGet') causes.push(...validateHTTPGetAction(a, p));
    else if (kind === 'tcpSocket') causes.push(...validatePortNumOrName(a.port, `${p}.port`));
    else if (kind === 'grpc') causes.push(...validatePortNumOrName(a.port ?? 0, `${p}.port`));
    else causes.push(...validateSleepAction(a, p, ctx));
  }
  if (count === 0) causes.push(required(path, 'must specify a handler type'));
  return causes;
}

const PROBE_HANDLERS: HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const TIMINGS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
];

/** validateProbe. */
function validateProbe(probe: Json, path: string, ctx: HandlerContext): FieldCause[] {
  const causes = validateHandler(probe, PROBE_HANDLERS, path, ctx);
  for (const key of TIMINGS) {
    const value = probe[key];
    if (typeof value === 'number' && value < 0)
      causes.push(invalid(`${path}.${key}`, value, 'must be greater than or equal to 0'));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0)
    causes.push(invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  return causes;
}

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
function validateNamedProbe(
  kind: ProbeKind,
  probe: unknown,
  path: string,
  ctx: HandlerContext,
): FieldCause[] {
  if (!isSet(probe)) return [];
  const p = isObj(probe) ? probe : {};
  const causes = validateProbe(p, path, ctx);
  if (kind === 'readinessProbe') {
    const grace = p.terminationGracePeriodSeconds;
    if (typeof grace === 'number')
      causes.push(
        invalid(
          `${path}.terminationGracePeriodSeconds`,
          grace,
          'must not be set for readinessProbes',
        ),
      );
  } else {
    const success = typeof p.successThreshold === 'number' ? p.successThreshold : 0;
    if (success !== 1) causes.push(invalid(`${path}.successThreshold`, success, 'must be 1'));
  }
  return causes;
}

/** validateLifecycle: postStart then preStop; `sleep` is a handler from 1.30 (beta, on). */
function validateLifecycle(lifecycle: unknown, path: string, ctx: HandlerContext): FieldCause[] {
  const l = isObj(lifecycle) ? lifecycle : {};
  const kinds: HandlerKind[] = ['exec', 'httpGet', 'tcpSocket'];
  if (ctx.minor >= 30) kinds.push('sleep');
  const causes: FieldCause[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = l[hook];
    if (isSet(handler))
      causes.push(...validateHandler(isObj(handler) ? handler : {}, kinds, `${path}.${hook}`, ctx));
  }
  return causes;
}

const PROBES: ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** What validateContainers checks of a regular container after the common checks. */
export function validateRegularContainerHandlers(
  c: Json,
  path: string,
  ctx: HandlerContext,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (isSet(c.lifecycle)) causes.push(...validateLifecycle(c.lifecycle, `${path}.lifecycle`, ctx));
  for (const kind of PROBES)
    causes.push(...validateNamedProbe(kind, c[kind], `${path}.${kind}`, ctx));
  // SidecarContainers (beta and on from 1.29) brought the container-level restartPolicy.
  if (ctx.minor >= 29 && isSet(c.restartPolicy))
    causes.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
  return causes;
}

/**
 * validateInitContainers' restartPolicy check (`restartPolicy` causes, to come right after the
 * common checks) and its handler rules (`handlers`, after the duplicate-name check): a
 * restartable (sidecar) init container is validated like a regular one, any other may set no
 * lifecycle or probe.
 */
export function validateInitContainerHandlers(
  c: Json,
  path: string,
  ctx: HandlerContext,
): { restartPolicy: FieldCause[]; handlers: FieldCause[] } {
  const restartPolicy: FieldCause[] = [];
  let restartAlways = false;
  if (ctx.minor >= 29 && isSet(c.restartPolicy)) {
    const value = typeof c.restartPolicy === 'string' ? c.restartPolicy : '';
    if (value !== 'Always')
      restartPolicy.push(notSupported(`${path}.restartPolicy`, value, ['Always']));
    restartAlways = value === 'Always';
  }
  const handlers: FieldCause[] = [];
  if (restartAlways) {
    if (isSet(c.lifecycle))
      handlers.push(...validateLifecycle(c.lifecycle, `${path}.lifecycle`, ctx));
    for (const kind of PROBES)
      handlers.push(...validateNamedProbe(kind, c[kind], `${path}.${kind}`, ctx));
  } else {
    const why =
      ctx.minor >= 28
        ? 'may not be set for init containers without restartPolicy=Always'
        : 'may not be set for init containers';
    for (const key of ['lifecycle', ...PROBES])
      if (isSet(c[key])) handlers.push(forbidden(`${path}.${key}`, why));
  }
  return { restartPolicy, handlers };
}
