/**
 * Query parameters as the apiserver's parameter codec reads them: Go's strconv booleans and
 * integers (400 with strconv's message otherwise), resourceVersions, and the options every write
 * takes (dryRun, fieldValidation, fieldManager), refused as upstream's 422 on
 * `CreateOptions.meta.k8s.io ""` (or UpdateOptions, PatchOptions…).
 */
import {
  type ApiError,
  badRequest,
  fieldInvalid,
  fieldNotSupported,
  invalid,
} from '../../core/errors';
import type { FieldCause } from '../../core/types';

export function parseBool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False', ''].includes(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

export function parseIntParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
  return Number(value);
}

export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw badRequest(`invalid resource version: ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** 422 on the options kind itself, e.g. `ListOptions.meta.k8s.io "" is invalid: …`. */
export function optionsInvalid(kind: string, causes: FieldCause[]): ApiError {
  return invalid(kind, 'meta.k8s.io', '', causes);
}

export interface WriteParams {
  dryRun: boolean;
  fieldValidation: '' | 'Ignore' | 'Warn' | 'Strict';
  /** `?fieldManager=` as sent. */
  fieldManager?: string;
  /** Who managedFields record as the writer: `?fieldManager=`, else the User-Agent's program. */
  manager: string;
}

/**
 * The User-Agent up to its first `/`, printable characters only, at most 128 bytes
 * (prefixFromUserAgent in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go).
 */
export function prefixFromUserAgent(userAgent: string): string {
  let out = '';
  for (const ch of userAgent.split('/')[0] ?? '') {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > 128) break;
    out += ch;
  }
  return out;
}

/**
 * `leading`: causes the options kind checks before the shared ones (PatchOptions' force and
 * apply-only fieldManager rules, ValidatePatchOptions).
 */
export function writeParams(
  url: URL,
  optionsKind: string,
  userAgent?: string | null,
  leading: FieldCause[] = [],
): WriteParams {
  const dryRun = url.searchParams.getAll('dryRun');
  const causes: FieldCause[] = [...leading];
  if (dryRun.some((v) => v !== 'All')) {
    causes.push(fieldNotSupported('dryRun', dryRun, ['All']));
  }
  const fv = url.searchParams.get('fieldValidation') ?? '';
  if (!['', 'Ignore', 'Warn', 'Strict'].includes(fv)) {
    causes.push(fieldNotSupported('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']));
  }
  const fieldManager = url.searchParams.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    causes.push(fieldInvalid('fieldManager', fieldManager, 'must be no more than 128 characters'));
  }
  if (causes.length) throw optionsInvalid(optionsKind, causes);
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: fv as WriteParams['fieldValidation'],
    fieldManager,
    manager: fieldManager || prefixFromUserAgent(userAgent ?? ''),
  };
}
