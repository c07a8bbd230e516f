/**
 * The "external Service" write's input as it arrives (untrusted, strings as typed), the shapes
 * validation produces from it, and the names (labels, annotations) the objects carry.
 *
 * Contract: `parseExternalServiceInput` turns any payload into either the parsed input or field
 * errors — malformed or hostile payloads never throw. Isomorphic, pure.
 */
import { z } from 'zod';
import type { ParsedIp } from './addresses';
import type { InternalAddresses } from './internal-addresses';

export const MAX_ADDRESSES = 100;
export const MAX_PORTS = 20;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const CREATE_AS = ['EndpointSlice', 'Endpoints', 'Both'] as const;
export type CreateAs = (typeof CREATE_AS)[number];

/** `endpointslice.kubernetes.io/managed-by` of slices we write (never the controller's value). */
export const MANAGED_BY = 'switchboard.dev';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** Upstream's opt-out: the mirroring controller leaves such Endpoints alone (we write a slice). */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const CREATED_BY_ANNOTATION = 'switchboard.dev/created-by';
export const CREATED_BY_VALUE = 'external-service-form';
export const ALLOW_INTERNAL_ANNOTATION = 'switchboard.dev/allow-internal-target';
/** Set by the preview and carried into create: tells our objects from a concurrent request's. */
export const REQUEST_ID_ANNOTATION = 'switchboard.dev/request-id';
export const REQUEST_ID_RE = /^[a-z0-9]{8,64}$/;

/*
 * The shape only: strings carry no length limit here. How long a name, port or address may be is
 * each field's own rule (names.ts, addresses.ts), worded for a person and checked with every
 * other field's; a limit here would stop validation at the first over-long string. The request
 * body itself is bounded (lib/http/guard.ts MAX_BODY_BYTES).
 */
const portSchema = z
  .object({
    port: z.union([z.string(), z.number()]),
    name: z.string().default(''),
    protocol: z.string().default('TCP'),
  })
  .strict();

/** The untrusted wire/form shape: strings as typed, nothing coerced yet. */
export const externalServiceInputSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    addresses: z.array(z.string()).max(MAX_ADDRESSES, {
      message: `At most ${MAX_ADDRESSES} addresses per Service from this form.`,
    }),
    ports: z.array(portSchema).max(MAX_PORTS, { message: `At most ${MAX_PORTS} ports.` }),
    createAs: z.enum(CREATE_AS).default('EndpointSlice'),
    allowInternalTarget: z.boolean().default(false),
    requestId: z.string().regex(REQUEST_ID_RE).optional(),
  })
  .strict();

export type ExternalServiceInput = z.input<typeof externalServiceInputSchema>;
export type ParsedInput = z.output<typeof externalServiceInputSchema>;

export interface FieldError {
  /** Form field: `namespace`, `name`, `addresses`, `addresses.N`, `ports`, `ports.N.port|name|protocol`, `createAs`, `form`. */
  field: string;
  message: string;
  /** The apiserver's message when the apiserver enforces the same rule. */
  apiserver?: string;
  code?: string;
  /** An internal-target finding, allowed with the explicit override. */
  overridable?: boolean;
  /**
   * The fields this error is about when it sits on their list (`addresses.1`, `addresses.3`): the
   * form marks each invalid, described by this error, and focuses the first.
   */
  marks?: string[];
}

/** What the server knows about the cluster; the browser validates without it. */
export interface ClusterFacts {
  /** When given, the namespace must be one of these. */
  namespaces?: readonly string[];
  /** The addresses the cluster owns (internal-addresses.ts). */
  internal: InternalAddresses;
}

export interface ValidPort {
  name: string;
  port: number;
  protocol: Protocol;
}

export interface ValidExternalService {
  namespace: string;
  name: string;
  addresses: ParsedIp[];
  ports: ValidPort[];
  createAs: CreateAs;
  /** Internal addresses the user explicitly allowed (recorded as an annotation). */
  allowedInternal: string[];
  requestId?: string;
}

export type ValidationResult =
  { ok: true; value: ValidExternalService } | { ok: false; errors: FieldError[] };

/** Parses the untrusted shape; malformed payloads become field errors, never exceptions. */
export function parseExternalServiceInput(
  raw: unknown,
): { ok: true; input: ParsedInput } | { ok: false; errors: FieldError[] } {
  const parsed = externalServiceInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : 'form',
      message: issue.message,
      code: 'malformed',
    })),
  };
}
