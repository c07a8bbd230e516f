import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualSlice } from '../testing/endpoints';
import { serviceRecord } from '../testing/objects';
import { snapshotOf } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

const ports = [{ name: 'pg', protocol: 'TCP', port: 5432 }];
const slice = (name: string, addressType: 'IPv4' | 'IPv6' | 'FQDN', addresses: string[]) =>
  manualSlice('ext', name, 'db', {
    addressType,
    ports: [{ name: 'pg', port: 5432 }],
    endpoints: addresses.map((a) => ({ addresses: [a] })),
  });
const diagnoseDb = (svc: ReturnType<typeof serviceRecord>, ...slices: ReturnType<typeof slice>[]) =>
  diagnose(snapshotOf({ services: [svc], endpointSlices: slices }), 'ext', 'db');

describe('diagnosis: endpoints of a family the Service does not serve', () => {
  it('IPv6 endpoints under an IPv4-only Service: it routes nowhere, though one is ready', () => {
    const f = FIXTURES['endpoint-family-unused']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d), ['endpoint-family-unused']);
    const r = reason(d, 'endpoint-family-unused');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /ClusterIP is IPv4 only \(10\.96\.44\.4\)/);
    assert.match(r.summary, /IPv4 only \(10\.96\.44\.4\), but its endpoint 2001:db8::10 is IPv6:/);
    assert.match(r.summary, /routes nowhere/);
    assert.match(r.detail ?? '', /PreferDualStack/);
    assert.deepEqual(
      r.evidence.map((e) => [e.kind, e.name, e.field, e.value]),
      [
        ['Service', 'v6-db', 'spec.clusterIPs', '10.96.44.4'],
        ['EndpointSlice', 'v6-db-ipv6', 'addressType', 'IPv6 (2001:db8::10)'],
      ],
    );
    assert.ok(r.commands.includes('kubectl get service -n ext v6-db -o yaml'));
  });

  it('mixed families: a warning naming the unused ones, while the IPv4 ones route', () => {
    const svc = serviceRecord('ext', 'db', { clusterIP: '10.96.44.5', ports });
    const d = diagnoseDb(
      svc,
      slice('db-ipv4', 'IPv4', ['10.20.30.40']),
      slice('db-ipv6', 'IPv6', ['2001:db8::5', '2001:db8::6']),
    );
    const r = reason(d, 'endpoint-family-unused');
    assert.equal(r.severity, 'warning');
    assert.equal(d.health, 'warning');
    assert.match(r.summary, /but 2 of its endpoints are IPv6 \(2001:db8::5 and 1 more\):/);
    assert.doesNotMatch(r.summary, /routes nowhere/);
  });

  it('FQDN endpoints are never routed by kube-proxy: the text says to use ExternalName', () => {
    const svc = serviceRecord('ext', 'db', { clusterIP: '10.96.44.6', ports });
    const r = reason(
      diagnoseDb(svc, slice('db-fqdn', 'FQDN', ['db.example.com'])),
      'endpoint-family-unused',
    );
    assert.equal(r.severity, 'error');
    assert.match(
      r.summary,
      /but its endpoint db\.example\.com is a DNS name \(addressType FQDN\):/,
    );
    assert.match(r.detail ?? '', /ExternalName/);
  });

  it('a dual-stack Service, a headless one, or endpoints of its own family: nothing to say', () => {
    const dual = serviceRecord('ext', 'db', { clusterIP: '10.96.44.7', ports });
    dual.clusterIPs = ['10.96.44.7', 'fd00:10:96::7'];
    const v6 = slice('db-ipv6', 'IPv6', ['2001:db8::5']);
    assert.deepEqual(codes(diagnoseDb(dual, slice('db-ipv4', 'IPv4', ['10.20.30.40']), v6)), [
      'healthy',
    ]);
    const headless = serviceRecord('ext', 'db', { clusterIP: 'None', ports });
    assert.ok(!codes(diagnoseDb(headless, v6)).includes('endpoint-family-unused'));
    const v6Service = serviceRecord('ext', 'db', { clusterIP: 'fd00:10:96::8', ports });
    assert.deepEqual(codes(diagnoseDb(v6Service, v6)), ['healthy']);
  });

  it('when nothing is ready at all, the count check says it routes nowhere; this one warns', () => {
    const svc = serviceRecord('ext', 'db', { clusterIP: '10.96.44.9', ports });
    const notReady = manualSlice('ext', 'db-ipv6', 'db', {
      addressType: 'IPv6',
      ports: [{ name: 'pg', port: 5432 }],
      endpoints: [{ addresses: ['2001:db8::5'], ready: false }],
    });
    const d = diagnoseDb(svc, notReady);
    assert.equal(reason(d, 'no-ready-endpoints').severity, 'error');
    assert.equal(reason(d, 'endpoint-family-unused').severity, 'warning');
  });
});
