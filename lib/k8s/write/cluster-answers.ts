import 'server-only';
/**
 * How the cluster's answers to a write become the outcomes the form reads
 * (lib/api/write-results.ts): permission denials, refusals by the apiserver, failures.
 *
 * Contract: every outcome says what happened in words; when the apiserver itself refused, the
 * outcome carries its Status `code` and `reason` (`kubernetes`) beside the words. A 422's causes
 * go beside the form as the apiserver's own text; AlreadyExists is a conflict (with the map link
 * when it is a Service, the only kind the map shows under its own name);
 * a Service refused, or returned, without an IP family its addresses need is an error on the
 * form's addresses field (`familyProblem`).
 */
import type {
  Denied,
  KubernetesStatus,
  ObjectRefJson,
  WriteFailure,
  WriteKind,
} from '@/lib/api/write-results';
import {
  familiesOf,
  familiesRefused,
  familiesUnavailable,
  missingFamilies,
  type FieldError,
  type ParsedIp,
} from '@/lib/topology/validation';
import { KINDS } from '../kinds';
import { describeDenial, type AccessAnswer } from './access';
import { ok, statusOf, type KubeResponse } from './client';

export const focusOf = (namespace: string, name: string) => `/?focus=${namespace}/${name}`;

/** The refused answers among `answers`, in the form's words. */
export function deniedOf(answers: readonly AccessAnswer[]): Denied[] {
  return answers
    .filter((a) => !a.allowed)
    .map((a) => ({
      verb: a.verb,
      resource: a.resource,
      group: a.group,
      namespace: a.namespace,
      message: describeDenial(a),
    }));
}

export function forbidden(denied: Denied[]): WriteFailure {
  return { status: 'forbidden', denied, message: denied.map((d) => d.message).join(' ') };
}

/** A failure with nothing created and nothing left behind unless said. */
export function failed(
  message: string,
  extra: {
    rolledBack?: ObjectRefJson[];
    leftBehind?: ObjectRefJson[];
    kubernetes?: KubernetesStatus;
  } = {},
): WriteFailure {
  return { status: 'failed', message, rolledBack: [], leftBehind: [], ...extra };
}

/** The Status code and reason of an apiserver answer (none for a network failure). */
export function kubernetesStatusOf(response: KubeResponse): { kubernetes?: KubernetesStatus } {
  if (response.status === 0) return {};
  const { reason } = statusOf(response);
  return { kubernetes: { code: response.status, ...(reason ? { reason } : {}) } };
}

const article = (kind: WriteKind) =>
  kind === 'Endpoints'
    ? 'An Endpoints object'
    : kind === 'EndpointSlice'
      ? 'An EndpointSlice'
      : 'A Service';

/**
 * A 403 from the apiserver as the form shows it: the cluster's own text (which names the user it
 * refused, the impersonated one included), with the verb and resource it was refused.
 */
export function refusedByCluster(
  response: KubeResponse,
  verb: Denied['verb'],
  kind: WriteKind,
  namespace: string,
): WriteFailure {
  const refusal = `The cluster refused: ${statusOf(response).message}`;
  const { resource, group } = KINDS[kind];
  return {
    status: 'forbidden',
    message: refusal,
    denied: [{ verb, resource, group, namespace, message: refusal }],
    ...kubernetesStatusOf(response),
  };
}

/** Turns an apiserver refusal of a create into the form's words. */
export function fromCreateError(
  response: KubeResponse,
  kind: WriteKind,
  name: string,
  namespace: string,
): WriteFailure {
  const { message, reason } = statusOf(response);
  const status = kubernetesStatusOf(response);
  if (response.status === 409 && reason === 'AlreadyExists') {
    return {
      status: 'conflict',
      message: `${article(kind)} named "${name}" already exists in namespace "${namespace}". Nothing was overwritten.`,
      // Only a Service is on the map under its own name; a slice's name is no Service's.
      ...(kind === 'Service' ? { focus: focusOf(namespace, name) } : {}),
      ...status,
    };
  }
  if (response.status === 403) return refusedByCluster(response, 'create', kind, namespace);
  if (response.status === 422) {
    return {
      status: 'invalid',
      errors: [
        {
          field: 'form',
          message: `The API server refused the ${kind}.`,
          apiserver: message,
          code: 'apiserver',
        },
      ],
      ...status,
    };
  }
  return failed(`Creating the ${kind} "${name}" failed: ${message}`, status);
}

/**
 * The Service answer (a dry run's or a create's) read for IP families: the `addresses` error
 * when the cluster refused a family the addresses need, or gave the Service without one; [] when
 * every family is there, or the answer is about something else.
 */
export function familyProblem(
  response: KubeResponse,
  addresses: readonly ParsedIp[],
): FieldError[] {
  if (!ok(response)) {
    const { message } = statusOf(response);
    const refused = response.status === 422 ? familiesRefused(message) : [];
    return refused.length
      ? [familiesUnavailable(addresses, refused, { cluster: true }, message)]
      : [];
  }
  const missing = missingFamilies(familiesOf(addresses), response.body);
  return missing.length ? [familiesUnavailable(addresses, missing, { cluster: true })] : [];
}
