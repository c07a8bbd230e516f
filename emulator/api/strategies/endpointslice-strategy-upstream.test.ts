// upstream's TestValidateEndpointSliceCreate and TestValidateEndpointSliceUpdate
// (pkg/apis/discovery/validation/validation_test.go) and the strategy tests of
// pkg/registry/discovery/endpointslice/strategy_test.go, as data, through the create and update
// paths (defaults, then validation). Case names are upstream's.
//
// Feature gates, at their defaults in the served releases 1.27–1.33:
// - EndpointSliceTerminatingCondition: GA in 1.26 (locked on), so serving/terminating are always
//   kept; upstream's "gate disabled" cases cannot happen and are not ported.
// - TopologyAwareHints: on by default from 1.24 (GA in 1.33): `hints` is kept.
// - PreferSameTrafficDistribution: alpha (off) in 1.33, absent before: `hints.forNodes` is
//   dropped unless the stored slice already uses it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { write } from '../testdata/context';
import { http, pairs, slice } from './testing/endpointslices';

describe('TestValidateEndpointSliceCreate (upstream table)', () => {
  const cases: { name: string; object: KubeObject; want: [string, string][] }[] = [
    {
      name: 'good-slice',
      object: slice({
        addressType: 'IPv4',
        ports: http,
        endpoints: [{ addresses: ['10.1.2.0'], hostname: 'valid-123' }],
      }),
      want: [],
    },
    {
      name: 'good-slice-node-name',
      object: slice({
        addressType: 'IPv4',
        ports: http,
        endpoints: [
          { addresses: ['10.1.2.0'], hostname: 'valid-123', nodeName: 'valid-node-name' },
        ],
      }),
      want: [],
    },
    {
      name: 'bad-node-name',
      object: slice({
        addressType: 'IPv4',
        ports: http,
        endpoints: [
          { addresses: ['10.1.2.0'], hostname: 'valid-123', nodeName: 'INvalid-node-name' },
        ],
      }),
      want: [['endpoints[0].nodeName', 'FieldValueInvalid']],
    },
    {
      name: 'deprecated-address-type',
      object: slice({ addressType: 'IP', ports: http, endpoints: [{ addresses: ['10.1.2.0'] }] }),
      want: [['addressType', 'FieldValueNotSupported']],
    },
    {
      name: 'bad-address-type',
      object: slice({
        addressType: 'other',
        ports: http,
        endpoints: [{ addresses: ['10.1.2.0'] }],
      }),
      want: [['addressType', 'FieldValueNotSupported']],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(pairs(write('endpointslices', c.object).causes), c.want));

  it('bad-address-type: message lists the supported types, sorted', () => {
    const { causes } = write('endpointslices', slice({ addressType: 'other' }));
    assert.equal(
      causes[0]?.message,
      'Unsupported value: "other": supported values: "FQDN", "IPv4", "IPv6"',
    );
  });
});

describe('TestValidateEndpointSliceUpdate (upstream table)', () => {
  const meta = { name: 'es1', namespace: 'test' };
  const cases: { name: string; old: KubeObject; new: KubeObject; want: [string, string][] }[] = [
    {
      name: 'valid and identical slices',
      old: slice({ addressType: 'IPv6' }, meta),
      new: slice({ addressType: 'IPv6' }, meta),
      want: [],
    },
    {
      name: 'invalid node name set',
      old: slice({ addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }] }, meta),
      new: slice(
        { addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'], nodeName: 'INVALID foo' }] },
        meta,
      ),
      want: [['endpoints[0].nodeName', 'FieldValueInvalid']],
    },
    {
      name: 'deprecated address type',
      old: slice({ addressType: 'IP' }, meta),
      new: slice({ addressType: 'IP' }, meta),
      want: [['addressType', 'FieldValueNotSupported']],
    },
    {
      name: 'valid and identical slices with different address types',
      old: slice({ addressType: 'other' }, meta),
      new: slice({ addressType: 'IPv4' }, meta),
      want: [['addressType', 'FieldValueInvalid']],
    },
    {
      name: 'invalid slices with valid address types',
      old: slice({ addressType: 'IPv4' }, meta),
      new: slice({ addressType: 'IPv4', ports: [{ name: '', protocol: 'invalid' }] }, meta),
      want: [['ports[0].protocol', 'FieldValueNotSupported']],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      assert.deepEqual(pairs(write('endpointslices', c.new, { previous: c.old }).causes), c.want),
    );

  it('valid and identical slices with different address types: message', () => {
    const { causes } = write('endpointslices', slice({ addressType: 'IPv4' }, meta), {
      previous: slice({ addressType: 'other' }, meta),
    });
    assert.equal(causes[0]?.message, 'Invalid value: "IPv4": field is immutable');
  });
});

describe('endpointslice strategy (upstream strategy_test.go)', () => {
  const withEndpoints = (endpoints: Record<string, unknown>[]) =>
    slice({ addressType: 'IPv4', endpoints });
  const conditions = [
    { serving: true, terminating: false },
    { serving: true, terminating: true },
    {},
  ].map((c, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: c }));

  it('Test_dropDisabledFieldsOnCreate: terminating gate enabled, field should be allowed', () => {
    const { object } = write('endpointslices', withEndpoints(conditions));
    assert.deepEqual(object.endpoints, conditions);
  });

  it('Test_dropDisabledFieldsOnCreate: node name gate enabled, field should be allowed', () => {
    const eps = ['node-1', 'node-2'].map((n, i) => ({
      addresses: [`10.0.0.${i + 1}`],
      nodeName: n,
    }));
    assert.deepEqual(write('endpointslices', withEndpoints(eps)).object.endpoints, eps);
  });

  it('Test_dropDisabledFieldsOnUpdate: terminating gate enabled, field should be allowed', () => {
    const stored = withEndpoints(conditions);
    const { object } = write('endpointslices', withEndpoints(conditions), { previous: stored });
    assert.deepEqual(object.endpoints, conditions);
  });

  it('Test_dropDisabledFieldsOnUpdate: node name set on new EPS, and changed on update', () => {
    const at = (names: string[]) =>
      withEndpoints(names.map((n, i) => ({ addresses: [`10.0.0.${i + 1}`], nodeName: n })));
    const fresh = at(['node-1', 'node-2']);
    const unset = withEndpoints([{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }]);
    assert.deepEqual(
      write('endpointslices', fresh, { previous: unset }).object.endpoints,
      fresh.endpoints,
    );
    const old = at(['node-1-old', 'node-2-old']);
    assert.deepEqual(
      write('endpointslices', fresh, { previous: old }).object.endpoints,
      fresh.endpoints,
    );
  });

  const hinted = (forNodes?: { name: string }[]) =>
    withEndpoints([
      {
        addresses: ['10.0.0.1'],
        hints: { forZones: [{ name: 'zone-a' }], ...(forNodes && { forNodes }) },
      },
    ]);

  it('hints.forZones is kept (TopologyAwareHints on by default)', () => {
    assert.deepEqual(write('endpointslices', hinted()).object.endpoints, hinted().endpoints);
  });

  it('hints.forNodes is dropped on create (PreferSameTrafficDistribution off)', () => {
    const { object, causes } = write('endpointslices', hinted([{ name: 'node-1' }]));
    assert.deepEqual(causes, []);
    assert.deepEqual(object.endpoints, hinted().endpoints);
  });

  it('hints.forNodes is dropped on update unless the stored slice uses it', () => {
    const withNodes = hinted([{ name: 'node-2' }]);
    const dropped = write('endpointslices', withNodes, { previous: hinted() }).object;
    assert.deepEqual(dropped.endpoints, hinted().endpoints);
    const kept = write('endpointslices', withNodes, { previous: hinted([{ name: 'node-1' }]) });
    assert.deepEqual(kept.object.endpoints, withNodes.endpoints);
  });
});
