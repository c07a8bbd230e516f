/**
 * The parts of upstream's container and volume validation (pkg/apis/core/validation/
 * validation.go) beyond names, images and ports: ValidateVolumes' names and volume type, and
 * per container ValidateEnv, ValidateVolumeMounts and ValidateResourceRequirements, plus
 * validateContainersOnlyForPod (the image whitespace rule pods have and templates do not). Each
 * returns upstream's causes with upstream's paths and messages; quantities are read with
 * ../validation/quantity.ts and a value that does not parse (only a write that skipped the
 * decoder can hold one) is left alone.
 */
import type { FieldCause } from '../../core/types';
import { duplicate, forbidden, goQuote, invalid, required } from '../../core/field-errors';
import { isDNS1123Label, isQualifiedName, regexError } from '../../core/names';
import {
  compareQuantities,
  isInteger,
  quantityFromJson,
  quantityString,
  type Quantity,
} from '../validation/quantity';

function notFound(field: string, value: string): FieldCause {
  return { reason: 'FieldValueNotFound', message: `Not found: ${goQuote(value)}`, field };
}

type Json = Record<string, unknown>;
const records = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : [];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** ValidateVolumes (names and a volume type): the names of the volumes without errors. */
export function validateVolumes(volumes: unknown, path: string, causes: FieldCause[]): Set<string> {
  const names = new Set<string>();
  records(volumes).forEach((vol, i) => {
    const idx = `${path}[${i}]`;
    const name = str(vol.name);
    const errs: FieldCause[] = [];
    const sources = Object.keys(vol).filter((k) => k !== 'name' && vol[k] !== null);
    if (sources.length === 0) errs.push(required(idx, 'must specify a volume type'));
    if (!name) errs.push(required(`${idx}.name`));
    else for (const msg of isDNS1123Label(name)) errs.push(invalid(`${idx}.name`, name, msg));
    if (names.has(name)) errs.push(duplicate(`${idx}.name`, name));
    if (errs.length === 0) names.add(name);
    causes.push(...errs);
  });
  return names;
}

const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const envVarNameRe = new RegExp(`^${envVarNameFmt}$`);
const envVarNameErrMsg =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** IsEnvVarName, or IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, on from 1.32). */
export function envVarNameErrors(name: string, relaxed: boolean): string[] {
  if (relaxed)
    return [...name].some((ch) => ch < ' ' || ch > '~' || ch === '=')
      ? [
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ]
      : [];
  const errs: string[] = [];
  if (!envVarNameRe.test(name))
    errs.push(
      regexError(envVarNameErrMsg, envVarNameFmt, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'),
    );
  if (name === '.') errs.push("must not be '.'");
  else if (name === '..') errs.push("must not be '..'");
  else if (name.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** ValidateEnv (names; valueFrom is not modelled). */
export function validateEnv(env: unknown, path: string, relaxed: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  records(env).forEach((ev, i) => {
    const name = str(ev.name);
    const p = `${path}[${i}].name`;
    if (!name) causes.push(required(p));
    else for (const msg of envVarNameErrors(name, relaxed)) causes.push(invalid(p, name, msg));
  });
  return causes;
}

/** validateLocalDescendingPath (upstream names the list, not the item, in the path). */
function localDescendingPath(target: string, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (target.startsWith('/')) causes.push(invalid(path, target, 'must be a relative path'));
  if (target.split(/[\\/]/).includes('..'))
    causes.push(invalid(path, target, "must not contain '..'"));
  return causes;
}

/** ValidateVolumeMounts (mount propagation and recursiveReadOnly are not checked). */
export function validateVolumeMounts(
  mounts: unknown,
  volumes: Set<string>,
  path: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const mountPoints = new Set<string>();
  records(mounts).forEach((m, i) => {
    const idx = `${path}[${i}]`;
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) causes.push(required(`${idx}.name`));
    if (!volumes.has(name)) causes.push(notFound(`${idx}.name`, name));
    if (!mountPath) causes.push(required(`${idx}.mountPath`));
    if (mountPoints.has(mountPath))
      causes.push(invalid(`${idx}.mountPath`, mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPath) causes.push(...localDescendingPath(subPath, `${path}.subPath`));
    if (subPathExpr) {
      if (subPath)
        causes.push(
          invalid(
            `${idx}.subPathExpr`,
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      causes.push(...localDescendingPath(subPathExpr, `${path}.subPathExpr`));
    }
  });
  return causes;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** helper.standardResources: what a resource name without a prefix may be anywhere. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string) =>
  !isNative(name) &&
  !name.startsWith('requests.') &&
  isQualifiedName(`requests.${name}`).length === 0;

/** validateContainerResourceName (with validateResourceName). */
function resourceNameCauses(name: string, path: string): FieldCause[] {
  const qualified = isQualifiedName(name);
  if (qualified.length > 0) return qualified.map((msg) => invalid(path, name, msg));
  const causes: FieldCause[] = [];
  if (!name.includes('/')) {
    if (
      !STANDARD_RESOURCES.has(name) &&
      !isHugePages(name) &&
      !name.startsWith('requests.hugepages-')
    )
      causes.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      causes.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name))
    causes.push(invalid(path, name, "doesn't follow extended resource name standard"));
  return causes;
}

function quantities(list: unknown): [string, Quantity][] {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return [];
  const out: [string, Quantity][] = [];
  for (const [name, value] of Object.entries(list)) {
    try {
      out.push([name, quantityFromJson(value)]);
    } catch {
      // Only a write that bypassed the decoder holds an unparsable quantity.
    }
  }
  return out;
}

/** ValidateResourceQuantityValue: non-negative, whole for extended resources. */
function quantityValueCauses(name: string, q: Quantity, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (q.unscaled < 0n)
    causes.push(invalid(path, quantityString(q), 'must be greater than or equal to 0'));
  if (isExtended(name) && !isInteger(q))
    causes.push(invalid(path, quantityString(q), 'must be an integer'));
  return causes;
}

/** ValidateResourceRequirements (claims are not checked; hugepage sizes are not either). */
export function validateResourceRequirements(resources: unknown, path: string): FieldCause[] {
  const r = (typeof resources === 'object' && resources !== null ? resources : {}) as Json;
  const causes: FieldCause[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = new Map(quantities(r.limits));
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    const p = `${limPath}[${name}]`;
    causes.push(...resourceNameCauses(name, p), ...quantityValueCauses(name, q, p));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of quantities(r.requests)) {
    const p = `${reqPath}[${name}]`;
    causes.push(...resourceNameCauses(name, p), ...quantityValueCauses(name, q, p));
    const limit = limits.get(name);
    const overcommit = isNative(name) && !isHugePages(name);
    const value = quantityString(q);
    if (limit) {
      const cmp = compareQuantities(q, limit);
      const limitText = quantityString(limit);
      if (cmp !== 0 && !overcommit)
        causes.push(invalid(reqPath, value, `must be equal to ${name} limit of ${limitText}`));
      else if (cmp > 0)
        causes.push(
          invalid(reqPath, value, `must be less than or equal to ${name} limit of ${limitText}`),
        );
    } else if (!overcommit)
      causes.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) causes.push(forbidden(path, 'HugePages require cpu or memory'));
  return causes;
}

/** validateContainersOnlyForPod / validateInitContainersOnlyForPod. */
export function validateContainersOnlyForPod(spec: unknown, path: string): FieldCause[] {
  const s = (typeof spec === 'object' && spec !== null ? spec : {}) as Json;
  const causes: FieldCause[] = [];
  for (const key of ['containers', 'initContainers'])
    records(s[key]).forEach((c, i) => {
      const image = str(c.image);
      if (image !== image.trim())
        causes.push(
          invalid(
            `${path}.${key}[${i}].image`,
            image,
            'must not have leading or trailing whitespace',
          ),
        );
    });
  return causes;
}
