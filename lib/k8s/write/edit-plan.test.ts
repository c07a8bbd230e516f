/**
 * The edit plan's new slices: a slice made for a new address family is owned by the Service,
 * as the create form's slices are, so it goes when the Service is deleted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIp, type ParsedIp } from '@/lib/topology/validation/addresses';
import type { Current, Obj } from './edit-current';
import { plan } from './edit-plan';

const ip = (text: string): ParsedIp => {
  const parsed = parseIp(text);
  assert.ok(parsed, text);
  return parsed;
};

const service: Obj = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'db', namespace: 'shop', uid: 'svc-uid' },
  spec: { ports: [{ name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' }] },
};

const ipv4Slice: Obj = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'db-ipv4', namespace: 'shop' },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.10.0.5'], conditions: { ready: true } }],
  ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
};

describe('edit plan', () => {
  it('a new family gets a slice owned by the Service; existing slices keep their metadata', () => {
    const current: Current = {
      service,
      slices: [ipv4Slice],
      controllerSlices: [],
      versions: {},
      addresses: ['10.10.0.5'],
    };
    const planned = plan(current, [ip('10.10.0.5'), ip('2001:db8::5')], []);
    assert.deepEqual(
      planned.creates.map((o) => [o.metadata.name, o.metadata.ownerReferences]),
      [
        [
          'db-ipv6',
          [{ apiVersion: 'v1', kind: 'Service', name: 'db', uid: 'svc-uid', controller: true }],
        ],
      ],
    );
    assert.equal(planned.updates[0]?.metadata.ownerReferences, undefined);
  });

  it('without the Service uid it claims no owner it cannot name', () => {
    const current: Current = {
      service: { ...service, metadata: { name: 'db', namespace: 'shop' } },
      slices: [ipv4Slice],
      controllerSlices: [],
      versions: {},
      addresses: ['10.10.0.5'],
    };
    const planned = plan(current, [ip('2001:db8::5')], []);
    assert.equal(planned.creates[0]?.metadata.ownerReferences, undefined);
  });
});
