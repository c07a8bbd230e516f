/**
 * Name rules for Services, namespaces and port names.
 *
 * Contract: each check returns the apiserver's detail text (when the apiserver has the same rule)
 * and a plain-words message. Port names are checked as IANA_SVC_NAME, which is stricter than the
 * DNS-1123 label the apiserver requires of Service and endpoint port names (≤15 characters, at
 * least one letter, no "--"): the name must also be usable as a container port name, which is
 * what a named targetPort refers to. Isomorphic, pure.
 */
import * as api from './apiserver-messages';
import { shown } from './shown';

export interface NameProblem {
  message: string;
  apiserver?: string;
}

const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Service names (DNS-1035 label, ≤63). `field` is the apiserver's field path. */
export function checkServiceName(name: string, field = 'metadata.name'): NameProblem | undefined {
  if (name === '') {
    return {
      message: 'Enter a name for the Service.',
      apiserver: api.requiredValue(field, api.NAME_REQUIRED),
    };
  }
  if (name.length > 63) {
    return {
      message: `The name is ${name.length} characters long; a Service name has at most 63.`,
      apiserver: api.invalidValue(field, name, api.tooLong(63)),
    };
  }
  if (!DNS1035_RE.test(name)) {
    return {
      message: `"${shown(name)}" is not a valid Service name: use lower-case letters, digits and "-", start with a letter and end with a letter or digit.`,
      apiserver: api.invalidValue(field, name, api.DNS1035_LABEL),
    };
  }
  return undefined;
}

export function checkNamespaceName(name: string): NameProblem | undefined {
  if (name === '') return { message: 'Choose a namespace.' };
  if (name.length > 63 || !DNS1123_LABEL_RE.test(name)) {
    return {
      message: `"${shown(name)}" is not a valid namespace name: lower-case letters, digits and "-", at most 63 characters.`,
      apiserver: api.invalidValue(
        'metadata.namespace',
        name,
        name.length > 63 ? api.tooLong(63) : api.DNS1123_LABEL,
      ),
    };
  }
  return undefined;
}

export function isDns1123Subdomain(name: string): boolean {
  return name.length > 0 && name.length <= 253 && DNS1123_SUBDOMAIN_RE.test(name);
}

export function isDns1123Label(name: string): boolean {
  return name.length > 0 && name.length <= 63 && DNS1123_LABEL_RE.test(name);
}

/**
 * A port name (IANA_SVC_NAME). '' is "no name", allowed by callers only for a single port.
 * `field` is the apiserver path of the Service port name.
 */
export function checkPortName(name: string, field: string): NameProblem | undefined {
  if (name === '') return undefined;
  const apiserverRejects = !isDns1123Label(name);
  const quote = (detail: string) =>
    api.invalidValue(field, name, apiserverRejects ? api.DNS1123_LABEL : detail);
  if (name.length > 15) {
    return {
      message: `The port name is ${name.length} characters long; a port name has at most 15.`,
      apiserver: apiserverRejects ? quote(api.IANA_TOO_LONG) : undefined,
    };
  }
  if (!/^[-a-z0-9]+$/.test(name)) {
    return {
      message: `"${shown(name)}" may contain only lower-case letters, digits and "-".`,
      apiserver: quote(api.IANA_CHARS),
    };
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    return {
      message: `"${shown(name)}" must not begin or end with "-".`,
      apiserver: quote(api.IANA_EDGE_HYPHEN),
    };
  }
  if (name.includes('--')) {
    return { message: `"${shown(name)}" must not contain "--".` };
  }
  if (!/[a-z]/.test(name)) {
    return { message: `"${shown(name)}" needs at least one letter (a port name is not a number).` };
  }
  return undefined;
}
