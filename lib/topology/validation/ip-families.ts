/**
 * The IP families a Service must have for its endpoints to be used. kube-proxy only programs the
 * endpoints of a family the Service has (`spec.ipFamilies`): an IPv6 EndpointSlice under an
 * IPv4-only Service receives no traffic at all.
 *
 * Contract: `serviceFamilySpec` is what the create form asks for — nothing for IPv4 only (the
 * cluster's default, so such Services look as they always did), `SingleStack` [IPv6] for IPv6
 * only, and `PreferDualStack` with both families, the first address's first, when both are
 * present. `familiesRefused` reads the API server's refusal of families it does not serve;
 * `missingFamilies` compares the families a Service came back with against those needed;
 * `familiesUnavailable` words either as an error on the `addresses` field that marks the rows
 * of the missing families (`marks`). Isomorphic, pure.
 */
import type { IpFamily, ParsedIp } from './addresses';
import type { FieldError } from './input';

export type IpFamilyPolicy = 'SingleStack' | 'PreferDualStack';

/** The families of `addresses`, in order of first appearance. */
export function familiesOf(addresses: readonly Pick<ParsedIp, 'family'>[]): IpFamily[] {
  return [...new Set(addresses.map((a) => a.family))];
}

/** The Service spec fields the addresses need (empty for IPv4 only: the cluster default). */
export function serviceFamilySpec(addresses: readonly Pick<ParsedIp, 'family'>[]): {
  ipFamilyPolicy?: IpFamilyPolicy;
  ipFamilies?: IpFamily[];
} {
  const families = familiesOf(addresses);
  if (families.length === 0 || (families.length === 1 && families[0] === 'IPv4')) return {};
  return {
    ipFamilyPolicy: families.length === 1 ? 'SingleStack' : 'PreferDualStack',
    ipFamilies: families,
  };
}

const REFUSED_RE = /spec\.ipFamilies\[\d+\]: Invalid value: "(IPv4|IPv6)": not configured/g;

/** The families an API server refusal says it does not serve (none when it says no such thing). */
export function familiesRefused(message: string): IpFamily[] {
  return [...new Set([...message.matchAll(REFUSED_RE)].map((m) => m[1] as IpFamily))];
}

/** The needed families a Service (as the API server returned it) lacks; none when it says none. */
export function missingFamilies(needed: readonly IpFamily[], service: unknown): IpFamily[] {
  const spec = (service as { spec?: { ipFamilies?: unknown } } | undefined)?.spec;
  if (!Array.isArray(spec?.ipFamilies)) return [];
  const has = spec.ipFamilies as unknown[];
  return needed.filter((f) => !has.includes(f));
}

/**
 * The `addresses` error for families the Service cannot have. `where` says who decided: the
 * cluster (a create) or the existing Service (an edit, which never changes the Service).
 * `addresses` are the input's, in its order: the cluster is only asked once every address is
 * valid, so position i is the form's `addresses.i`, which the error marks when its family is
 * missing.
 */
export function familiesUnavailable(
  addresses: readonly ParsedIp[],
  missing: readonly IpFamily[],
  where: { cluster: true } | { service: string },
  apiserver?: string,
): FieldError {
  const lost = addresses.filter((a) => missing.includes(a.family));
  // A Service has one family at least, and there are two: the one not missing is the one served.
  const served = (['IPv4', 'IPv6'] as const).filter((f) => !missing.includes(f));
  const gives = served.length ? `${served.join(' and ')} addresses only` : 'neither family';
  const families = missing.join(' and ');
  const list = lost.map((a) => a.canonical).join(', ');
  const whose =
    'cluster' in where
      ? `This cluster gives Services ${gives}`
      : `Service ${where.service} has ${gives} (spec.ipFamilies)`;
  const remedy =
    'cluster' in where
      ? 'Remove them, or use a dual-stack cluster.'
      : 'Remove them, or recreate the Service with both families.';
  return {
    field: 'addresses',
    message: `${whose}: the ${families} addresses (${list}) would never receive traffic. ${remedy}`,
    code: 'ip-family-unavailable',
    marks: addresses.flatMap((a, i) => (missing.includes(a.family) ? [`addresses.${i}`] : [])),
    ...(apiserver ? { apiserver } : {}),
  };
}
