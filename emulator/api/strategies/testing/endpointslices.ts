/**
 * Test support for the EndpointSlice tables ported from upstream's TestValidateEndpointSlice
 * (pkg/apis/discovery/validation/validation_test.go): its generators and limits, the case shape,
 * and the runner that checks a case through the v1 create path and, where asked, directly.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FieldCause, KubeObject } from '../../../core/types';
import { write } from '../../testdata/context';
import { validateEndpointSlice } from '../endpoints';

export const MAX_ENDPOINTS = 1000;
export const MAX_PORTS = 20000;
export const MAX_ADDRESSES = 100;
export const MAX_TOPOLOGY_LABELS = 16;

export const generatePorts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `http-${i}`, protocol: 'TCP' }));
export const generateIPAddresses = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.1.2.${i % 255}`);
export const generateEndpoints = (n: number) =>
  generateIPAddresses(n).map((address) => ({ addresses: [address] }));
export const generateTopology = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`topology-${i}`, 'example']));

export const http = [{ name: 'http', protocol: 'TCP' }];
export const INVALID = 'FieldValueInvalid';

export function slice(
  fields: Record<string, unknown>,
  metadata: Record<string, string> = { name: 'hello', namespace: 'world' },
): KubeObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, ...fields };
}

export type Want = [field: string, reason: string][];
export interface SliceCase {
  name: string;
  object: KubeObject;
  /** Causes through the v1 create path; their count is upstream's expectedErrors. */
  want: Want;
  /** validateEndpointSlice on the object as given, where it differs from the v1 path. */
  direct?: Want;
}

export const pairs = (causes: FieldCause[]): Want => causes.map((c) => [c.field, c.reason]);

/** One `it` per case, named as upstream names it. */
export function runSliceCases(cases: SliceCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(pairs(write('endpointslices', c.object).causes), c.want);
      if (c.direct) assert.deepEqual(pairs(validateEndpointSlice(c.object)), c.direct);
    });
  }
}
