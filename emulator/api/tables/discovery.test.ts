// EndpointSlice Table: columns and cells as kubectl prints them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { cells, columns, meta, table } from './testing/table';

describe('endpointslices table', () => {
  const slice = (name: string, body: Record<string, unknown>): KubeObject => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(name),
    ...body,
  });
  it('prints AddressType, Ports and Endpoints with <unset>', () => {
    const t = table('endpointslices', [
      slice('web-abc', {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }],
      }),
      slice('empty', { addressType: 'IPv4', ports: null, endpoints: [] }),
      slice('many', {
        addressType: 'IPv4',
        ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }, { name: 'x' }],
        endpoints: [
          { addresses: ['10.0.0.1'] },
          { addresses: ['10.0.0.2'] },
          { addresses: ['10.0.0.3'] },
          { addresses: ['10.0.0.4'] },
        ],
      }),
      slice('all-ports', {
        addressType: 'FQDN',
        ports: [{ name: '' }],
        endpoints: [{ addresses: ['db.example.com'] }],
      }),
    ]);
    assert.deepEqual(columns(t), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    assert.deepEqual(cells(t), [
      ['web-abc', 'IPv4', '80', '10.244.1.5,10.244.2.7', '5m'],
      ['empty', 'IPv4', '<unset>', '<unset>', '5m'],
      ['many', 'IPv4', '1,2,3 + 2 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '5m'],
      ['all-ports', 'FQDN', '<unset>', 'db.example.com', '5m'],
    ]);
  });
});
