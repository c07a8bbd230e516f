/**
 * Validating the "external Service" write: the form's input checked field by field, with the
 * cluster's facts when the server has them.
 *
 * Writes are a privilege: the dashboard's credentials may be broader than its user's, so what it
 * sends must be safe whoever asked.
 *
 * Contract: one function, `validateExternalService`, is run by the form in the browser (without
 * cluster facts) and again by the server (with them); it rejects a strict SUPERSET of what the
 * apiserver rejects — never less. The objects it leads to are built by manifests.ts and checked
 * once more, as objects, by manifest-checks.ts. Isomorphic, pure; field paths are the form's
 * (`addresses.2`, `ports.0.name`).
 */
import * as api from './apiserver-messages';
import { checkAddress, type ParsedIp } from './addresses';
import {
  PROTOCOLS,
  parseExternalServiceInput,
  type ClusterFacts,
  type FieldError,
  type Protocol,
  type ValidPort,
  type ValidationResult,
} from './input';
import { checkNamespaceName, checkPortName, checkServiceName } from './names';
import { shown } from './shown';

const PORT_TEXT_RE = /^\d{1,6}$/;

export function validateExternalService(raw: unknown, facts?: ClusterFacts): ValidationResult {
  const parsed = parseExternalServiceInput(raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  const errors: FieldError[] = [];
  const push = (field: string, e: { message: string; apiserver?: string }, code?: string) =>
    errors.push({ field, message: e.message, apiserver: e.apiserver, code });

  const ns = checkNamespaceName(input.namespace);
  if (ns) push('namespace', ns, 'namespace');
  else if (facts?.namespaces && !facts.namespaces.includes(input.namespace)) {
    push(
      'namespace',
      {
        message: `Namespace "${shown(input.namespace)}" does not exist.`,
        apiserver: `namespaces ${JSON.stringify(input.namespace)} not found`,
      },
      'namespace-missing',
    );
  }
  const nameProblem = checkServiceName(input.name);
  if (nameProblem) push('name', nameProblem, 'name');

  // Ports.
  const ports: ValidPort[] = [];
  if (input.ports.length === 0) {
    push(
      'ports',
      { message: 'Add at least one port.', apiserver: api.requiredValue('spec.ports') },
      'ports-required',
    );
  }
  const seenNames = new Map<string, number>();
  const seenPortProto = new Map<string, number>();
  input.ports.forEach((p, i) => {
    const base = `ports.${i}`;
    let number: number | undefined;
    const text = typeof p.port === 'number' ? String(p.port) : p.port;
    if (text === '') {
      push(
        `${base}.port`,
        {
          message: 'Enter a port number.',
          apiserver: api.invalidValue(`spec.ports[${i}].port`, 0, api.PORT_RANGE),
        },
        'port-required',
      );
    } else if (!PORT_TEXT_RE.test(text) || !Number.isSafeInteger(Number(text))) {
      push(
        `${base}.port`,
        { message: `"${shown(text)}" is not a port number (1–65535).` },
        'port-invalid',
      );
    } else {
      number = Number(text);
      if (number < 1 || number > 65535) {
        push(
          `${base}.port`,
          {
            message: `Port ${number} is out of range: a port is between 1 and 65535.`,
            apiserver: api.invalidValue(`spec.ports[${i}].port`, number, api.PORT_RANGE),
          },
          'port-range',
        );
        number = undefined;
      }
    }
    const protocol = p.protocol;
    const validProtocol = (PROTOCOLS as readonly string[]).includes(protocol);
    if (!validProtocol) {
      push(
        `${base}.protocol`,
        {
          message: `Protocol must be TCP, UDP or SCTP (got "${shown(protocol)}").`,
          apiserver: api.unsupportedValue(`spec.ports[${i}].protocol`, protocol),
        },
        'protocol',
      );
    }
    const nameErr = checkPortName(p.name, `spec.ports[${i}].name`);
    if (nameErr) push(`${base}.name`, nameErr, 'port-name');
    else if (p.name === '' && input.ports.length > 1) {
      push(
        `${base}.name`,
        {
          message: 'With more than one port, every port needs a name.',
          apiserver: api.requiredValue(`spec.ports[${i}].name`),
        },
        'port-name-required',
      );
    } else if (p.name !== '') {
      const first = seenNames.get(p.name);
      if (first !== undefined) {
        push(
          `${base}.name`,
          {
            message: `Port ${first + 1} already uses the name "${p.name}".`,
            apiserver: api.duplicateValue(`spec.ports[${i}].name`, p.name),
          },
          'port-name-duplicate',
        );
      } else seenNames.set(p.name, i);
    }
    if (number !== undefined && validProtocol) {
      const key = `${number}/${protocol}`;
      const first = seenPortProto.get(key);
      if (first !== undefined) {
        push(
          `${base}.port`,
          {
            message: `Port ${first + 1} is already ${number}/${protocol}; each port and protocol pair may appear once.`,
            apiserver: `spec.ports[${i}]: Duplicate value`,
          },
          'port-duplicate',
        );
      } else seenPortProto.set(key, i);
      ports.push({ name: p.name, port: number, protocol: protocol as Protocol });
    }
  });

  const checked = validateAddresses(input.addresses, facts, input.allowInternalTarget);
  errors.push(...checked.errors);
  const { addresses, allowedInternal } = checked;

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      namespace: input.namespace,
      name: input.name,
      addresses,
      ports,
      createAs: input.createAs,
      allowedInternal,
      ...(input.requestId ? { requestId: input.requestId } : {}),
    },
  };
}

/**
 * The address list on its own (also used by the edit form): per-address rules, duplicates, and
 * internal targets allowed only with the override.
 */
export function validateAddresses(
  list: readonly string[],
  facts: ClusterFacts | undefined,
  allowInternalTarget: boolean,
): { errors: FieldError[]; addresses: ParsedIp[]; allowedInternal: string[] } {
  const errors: FieldError[] = [];
  const push = (field: string, e: { message: string; apiserver?: string }, code?: string) =>
    errors.push({ field, message: e.message, apiserver: e.apiserver, code });
  const input = { addresses: list, allowInternalTarget };
  const addresses: ParsedIp[] = [];
  const allowedInternal: string[] = [];
  if (input.addresses.length === 0) {
    push('addresses', { message: 'Add at least one address.' }, 'addresses-required');
  }
  const seen = new Map<string, number>();
  input.addresses.forEach((text, i) => {
    const check = checkAddress(text, facts?.internal);
    const field = `addresses.${i}`;
    const blocking = check.problems.filter((p) => !(p.overridable && input.allowInternalTarget));
    for (const problem of blocking) {
      errors.push({
        field,
        message: problem.overridable
          ? `${problem.message} Tick "Allow a target inside the cluster" only if you mean it; it is recorded on the objects.`
          : problem.message,
        apiserver: problem.apiserver,
        code: problem.code,
        overridable: problem.overridable,
      });
    }
    if (blocking.length || !check.ip) return;
    const key = `${check.ip.family}/${check.ip.canonical}`;
    const first = seen.get(key);
    if (first !== undefined) {
      push(
        field,
        { message: `${check.ip.canonical} is already listed as address ${first + 1}.` },
        'address-duplicate',
      );
      return;
    }
    seen.set(key, i);
    if (check.problems.length) allowedInternal.push(check.ip.canonical);
    addresses.push(check.ip);
  });

  return { errors, addresses, allowedInternal };
}
