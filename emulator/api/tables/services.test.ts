// Service and Endpoints Tables: columns and cells as kubectl prints them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { buildTable as toTable } from './table';
import { cells, columns, meta, table } from './testing/table';

describe('services table', () => {
  const svc = (
    name: string,
    spec: Record<string, unknown>,
    status: Record<string, unknown> = {},
  ): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec, status });
  const t = table('services', [
    svc('ingress-nginx', {
      type: 'NodePort',
      clusterIP: '10.96.12.7',
      clusterIPs: ['10.96.12.7'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30001 }],
      selector: { app: 'nginx' },
    }),
    svc('external-web', {
      type: 'ClusterIP',
      clusterIP: '10.96.3.4',
      clusterIPs: ['10.96.3.4'],
      ports: [{ port: 80, protocol: 'TCP' }],
    }),
    svc('db', {
      type: 'ClusterIP',
      clusterIP: 'None',
      clusterIPs: ['None'],
      selector: { tier: 'db', app: 'pg' },
    }),
    svc('legacy', { type: 'ExternalName', externalName: 'legacy.example.com' }),
    svc('lb', {
      type: 'LoadBalancer',
      clusterIP: '10.96.9.9',
      clusterIPs: ['10.96.9.9'],
      ports: [
        { port: 443, protocol: 'TCP', nodePort: 31443 },
        { name: 'dns', port: 53, protocol: 'UDP', nodePort: 31053 },
      ],
    }),
    svc(
      'lb2',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.9.8',
        clusterIPs: ['10.96.9.8'],
        externalIPs: ['203.0.113.9'],
        ports: [{ port: 80, protocol: 'TCP', nodePort: 31080 }],
      },
      { loadBalancer: { ingress: [{ ip: '198.51.100.1' }, { hostname: 'lb.example.com' }] } },
    ),
    svc('ext', {
      type: 'ClusterIP',
      clusterIP: '10.96.9.7',
      clusterIPs: ['10.96.9.7'],
      externalIPs: ['203.0.113.1', '203.0.113.2'],
      ports: [{ port: 80, protocol: 'TCP' }],
    }),
  ]);
  it("has kubectl's columns, Selector only with -o wide", () => {
    assert.deepEqual(columns(t), [
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      '[Selector]',
    ]);
    assert.equal(t.columnDefinitions[0]?.format, 'name');
  });
  it('prints the cells', () => {
    assert.deepEqual(cells(t), [
      ['ingress-nginx', 'NodePort', '10.96.12.7', '<none>', '80:30001/TCP', '5m', 'app=nginx'],
      ['external-web', 'ClusterIP', '10.96.3.4', '<none>', '80/TCP', '5m', '<none>'],
      ['db', 'ClusterIP', 'None', '<none>', '<none>', '5m', 'app=pg,tier=db'],
      ['legacy', 'ExternalName', '<none>', 'legacy.example.com', '<none>', '5m', '<none>'],
      [
        'lb',
        'LoadBalancer',
        '10.96.9.9',
        '<pending>',
        '443:31443/TCP,53:31053/UDP',
        '5m',
        '<none>',
      ],
      [
        'lb2',
        'LoadBalancer',
        '10.96.9.8',
        '198.51.100.1,lb.example.com,203.0.113.9',
        '80:31080/TCP',
        '5m',
        '<none>',
      ],
      ['ext', 'ClusterIP', '10.96.9.7', '203.0.113.1,203.0.113.2', '80/TCP', '5m', '<none>'],
    ]);
  });
  it('carries PartialObjectMetadata rows by default, whole objects or none on request', () => {
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: '42' });
    assert.deepEqual(t.rows[0]?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: meta('ingress-nginx'),
    });
    const full = table('services', [svc('a', { type: 'ClusterIP' })], 'Object');
    assert.equal(full.rows[0]?.object?.kind, 'Service');
    assert.deepEqual(full.rows[0]?.object?.spec, { type: 'ClusterIP' });
    const none = table('services', [svc('a', { type: 'ClusterIP' })], 'None');
    assert.equal(none.rows[0]?.object, undefined);
  });
  it('passes the continue token on', () => {
    const paged = toTable('services', [], { resourceVersion: '7', continue: 'abc' }, {});
    assert.deepEqual(paged.metadata, { resourceVersion: '7', continue: 'abc' });
  });
});

describe('endpoints table', () => {
  const ep = (name: string, subsets: unknown[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(name, 50),
    subsets,
  });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  it('lists ip:port, at most 3 then "+ N more..."', () => {
    const t = table('endpoints', [
      ep('two', [{ addresses: addrs('10.244.1.5', '10.244.2.7'), ports: [{ port: 80 }] }]),
      ep('none', []),
      ep('five', [
        {
          addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'),
          ports: [{ port: 8080 }],
        },
      ]),
      ep('two-ports', [
        {
          addresses: addrs('10.0.0.1', '10.0.0.2'),
          ports: [
            { name: 'a', port: 80 },
            { name: 'b', port: 443 },
          ],
        },
      ]),
      ep('headless', [{ addresses: addrs('10.0.0.9') }]),
      ep('ipv6', [{ addresses: addrs('2001:db8::1'), ports: [{ port: 80 }] }]),
      ep('not-ready-only', [{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }]),
    ]);
    assert.deepEqual(columns(t), ['Name', 'Endpoints', 'Age']);
    assert.deepEqual(cells(t), [
      ['two', '10.244.1.5:80,10.244.2.7:80', '50s'],
      ['none', '<none>', '50s'],
      ['five', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...', '50s'],
      ['two-ports', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '50s'],
      ['headless', '10.0.0.9', '50s'],
      ['ipv6', '[2001:db8::1]:80', '50s'],
      ['not-ready-only', '<none>', '50s'],
    ]);
  });
});
