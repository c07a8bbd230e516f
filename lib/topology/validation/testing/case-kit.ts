/**
 * How the validation table is written: the case shape, the seed submission every case varies,
 * the cluster facts the cluster-aware cases use, and the helpers that build a case.
 *
 * Contract: `expect.ok === false` names the first field and code our validation must report;
 * `apiserver` records whether kube-apiserver itself rejects the equivalent objects (documentation
 * for readers; the differential test measures it instead of trusting it). Test support only.
 */
import type { ClusterFacts, ExternalServiceInput } from '../input';
import { internalAddressesOf } from '../internal-addresses';

export interface ValidationCase {
  title: string;
  input: unknown;
  facts?: ClusterFacts;
  expect: { ok: true } | { ok: false; field: string; code?: string; apiserverQuote?: string };
  /** Does the real apiserver reject this too? ('n/a' for payloads that are not objects.) */
  apiserver: 'rejects' | 'accepts' | 'n/a';
}

export const BASE: ExternalServiceInput = {
  namespace: 'default',
  name: 'external-web',
  addresses: ['10.10.50.53'],
  ports: [{ port: '80', name: 'apache', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
  allowInternalTarget: false,
};

export const FACTS: ClusterFacts = {
  namespaces: ['default', 'kube-system', 'demo'],
  internal: internalAddressesOf([
    { address: '10.96.0.1', what: 'ClusterIP of Service default/kubernetes' },
    { address: '10.96.0.10', what: 'ClusterIP of Service kube-system/kube-dns' },
    { address: '10.244.1.5', what: 'IP of Pod demo/web-1' },
    { address: '10.244.0.0/16', what: 'pod CIDR' },
    { address: '10.96.0.0/12', what: 'service CIDR' },
    { address: '172.18.0.2', what: 'InternalIP of Node kind-control-plane' },
    { address: 'fd00:10:96::/112', what: 'IPv6 service CIDR' },
  ]),
};

export const with_ = (patch: Partial<ExternalServiceInput>): ExternalServiceInput => ({
  ...BASE,
  ...patch,
});
export const addr = (...addresses: string[]) => with_({ addresses });
export const port = (p: string | number, name = 'apache', protocol = 'TCP') =>
  with_({ ports: [{ port: p as string, name, protocol }] });

export const ok = (title: string, input: unknown, facts?: ClusterFacts): ValidationCase => ({
  title,
  input,
  facts,
  expect: { ok: true },
  apiserver: 'accepts',
});
export const bad = (
  title: string,
  input: unknown,
  field: string,
  code: string | undefined,
  apiserver: ValidationCase['apiserver'],
  extra: { facts?: ClusterFacts; apiserverQuote?: string } = {},
): ValidationCase => ({
  title,
  input,
  facts: extra.facts,
  expect: { ok: false, field, code, apiserverQuote: extra.apiserverQuote },
  apiserver,
});

export const long = (n: number) => 'a'.repeat(n);
