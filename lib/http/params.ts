import 'server-only';
/**
 * Reading what a request names: the Service in a `/api/services/<namespace>/<name>/…` path or
 * in a `?namespace=NS&name=N` query, and time parameters in the query. What cannot be valid is
 * refused with a 400 problem naming the parameter — never guessed at (`Date.parse('-1')` is a
 * date in 2001).
 *
 * Contract: Service and namespace names follow the apiserver's rules (lib/topology/validation/
 * names.ts), so a name that no Service can have is a malformed request, not a missing Service.
 * A well-formed name of a Service that is not there (or not to the viewer) is the one 404,
 * `failServiceNotFound`, in the same words on every route.
 * Times are RFC 3339 instants (ISO 8601 with seconds and a zone: `2025-01-02T03:04:05Z`,
 * `…05.123+02:00`); a time without a zone is ambiguous and refused too.
 */
import { checkNamespaceName, checkServiceName } from '../topology/validation/names';
import { fail } from './api-route';

export interface ServiceRef {
  namespace: string;
  name: string;
}

type RawParams = Record<string, string | string[] | undefined>;

export function serviceParams(params: RawParams): ServiceRef {
  const namespace = typeof params.namespace === 'string' ? params.namespace : '';
  const name = typeof params.name === 'string' ? params.name : '';
  const errors = [
    ...[checkNamespaceName(namespace)].flatMap((p) =>
      p ? [{ field: 'namespace', message: p.message }] : [],
    ),
    ...[checkServiceName(name)].flatMap((p) => (p ? [{ field: 'name', message: p.message }] : [])),
  ];
  if (errors.length) {
    fail('bad-request', errors.map((e) => e.message).join(' '), { errors });
  }
  return { namespace, name };
}

/** The Service a `?namespace=NS&name=N` query names, checked as `serviceParams` checks a path. */
export function serviceQuery(url: URL): ServiceRef {
  return serviceParams({
    namespace: url.searchParams.get('namespace') ?? '',
    name: url.searchParams.get('name') ?? '',
  });
}

/** The 404 problem for a Service the request names that does not exist (or the viewer may not see). */
export function failServiceNotFound({ namespace, name }: ServiceRef): never {
  return fail('not-found', `service "${name}" not found in namespace "${namespace}"`);
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an RFC 3339 instant, or undefined when it is not one. */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8] ?? 'Z';
  if (!/^[Zz]$/.test(zone) && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) {
    return undefined;
  }
  const ms = Date.parse(text.toUpperCase());
  return Number.isFinite(ms) ? ms : undefined;
}

/** The query parameter `name` as an instant; absent is undefined, anything else a 400. */
export function instantParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  const ms = parseInstant(value);
  if (ms === undefined) {
    const message = `"${value}" is not a time: give an RFC 3339 instant such as 2025-01-02T03:04:05Z.`;
    fail('bad-request', `Query parameter ${name}: ${message}`, {
      errors: [{ field: name, message }],
    });
  }
  return ms;
}
