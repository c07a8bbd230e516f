/**
 * The apiserver's own validation messages, quoted verbatim where our rule is also its rule.
 *
 * Contract: texts match kube-apiserver 1.33 (upstream staging/src/k8s.io/apimachinery/pkg/util/
 * validation and pkg/apis/core/validation ValidateNonSpecialIP), so a
 * person who later meets the same rule in `kubectl` recognises it. The dashboard's own stricter
 * rules never pretend to be the apiserver's: they carry no quote. Isomorphic, no imports.
 */

/** `regex used for validation is '…'`: note the upstream double space before `or`. */
export const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export const tooLong = (max: number) => `must be no more than ${max} characters`;

export const PORT_RANGE = 'must be between 1 and 65535, inclusive';

export const IANA_TOO_LONG = 'must be no more than 15 characters';
export const IANA_CHARS = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
export const IANA_EDGE_HYPHEN = 'must not begin or end with a hyphen';

export const PROTOCOL_UNSUPPORTED = 'supported values: "SCTP", "TCP", "UDP"';

export const IP_INVALID = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const unspecified = (ip: string) => `may not be unspecified (${ip})`;
export const IP_LOOPBACK = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
export const IP_LINK_LOCAL = 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
/** Upstream says ff02::/10 although the check is ff02::/16 (scope 2 of any flags). */
export const IP_LINK_LOCAL_MULTICAST =
  'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';

export const NAME_REQUIRED = 'name or generateName is required';

/** `<field>: Invalid value: "<v>": <detail>` — how the apiserver renders one field error. */
export function invalidValue(field: string, value: string | number, detail: string): string {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  return `${field}: Invalid value: ${shown}: ${detail}`;
}

export function unsupportedValue(field: string, value: string): string {
  return `${field}: Unsupported value: ${JSON.stringify(value)}: ${PROTOCOL_UNSUPPORTED}`;
}

export function requiredValue(field: string, detail?: string): string {
  return detail ? `${field}: Required value: ${detail}` : `${field}: Required value`;
}

export function duplicateValue(field: string, value: string): string {
  return `${field}: Duplicate value: ${JSON.stringify(value)}`;
}
