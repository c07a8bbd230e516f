import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, BASE } from './testing/cases';
import {
  ALLOW_INTERNAL_ANNOTATION,
  buildManifests,
  canonicalJson,
  SERVICE_UID_PENDING,
  validateExternalService,
  withServiceUid,
  validateManifests,
  type Manifest,
} from './index';
import { checkAddress, inCidr, parseIp } from './addresses';
import { internalAddressesOf } from './internal-addresses';
import { familiesUnavailable } from './ip-families';

describe('validation table', () => {
  it('has at least 100 cases', () => {
    assert.ok(CASES.length >= 100, `only ${CASES.length} cases`);
  });
  for (const c of CASES) {
    it(c.title, () => {
      const result = validateExternalService(c.input, c.facts);
      if (c.expect.ok) {
        assert.ok(result.ok, `expected valid, got ${JSON.stringify(!result.ok && result.errors)}`);
        return;
      }
      assert.ok(!result.ok, 'expected an error');
      const first = result.errors[0];
      assert.ok(first);
      assert.equal(first.field, c.expect.field, JSON.stringify(result.errors));
      if (c.expect.code) assert.equal(first.code, c.expect.code, JSON.stringify(result.errors));
      assert.ok(first.message.length > 0);
      if (c.expect.apiserverQuote) {
        assert.ok(
          first.apiserver?.includes(c.expect.apiserverQuote),
          `apiserver quote ${JSON.stringify(first.apiserver)} lacks ${c.expect.apiserverQuote}`,
        );
      }
    });
  }
});

describe('apiserver messages are quoted verbatim', () => {
  it('loopback', () => {
    const r = validateExternalService({ ...BASE, addresses: ['127.0.0.1'] });
    assert.ok(!r.ok);
    assert.equal(r.errors[0]?.apiserver, 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
  });
  it('Service name', () => {
    const r = validateExternalService({ ...BASE, name: 'Bad_Name' });
    assert.ok(!r.ok);
    assert.equal(
      r.errors[0]?.apiserver,
      `metadata.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });
  it('port range', () => {
    const r = validateExternalService({ ...BASE, ports: [{ port: '70000', name: 'apache' }] });
    assert.ok(!r.ok);
    assert.equal(
      r.errors[0]?.apiserver,
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });
  it('unspecified echoes the address', () => {
    assert.equal(checkAddress('::').problems[0]?.apiserver, 'may not be unspecified (::)');
  });
});

describe('addresses', () => {
  it('parses strictly and canonicalises IPv6', () => {
    assert.equal(parseIp('2001:DB8:0:0::1')?.canonical, '2001:db8::1');
    assert.equal(parseIp('127.1'), undefined);
    assert.equal(parseIp('0x7f.0.0.1'), undefined);
    assert.equal(parseIp('1.2.3.04'), undefined);
  });
  it('matches CIDRs on bytes', () => {
    const ip = parseIp('10.244.3.4');
    assert.ok(ip);
    assert.ok(inCidr(ip, '10.244.0.0/16'));
    assert.ok(!inCidr(ip, '10.245.0.0/16'));
    assert.ok(!inCidr(ip, 'fd00::/8'));
    assert.ok(inCidr(ip, '0.0.0.0/0'));
  });
  it('reports several addresses at once, each beside its field', () => {
    const r = validateExternalService({
      ...BASE,
      addresses: ['127.0.0.1', '10.0.0.1', '169.254.169.254'],
    });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => e.field),
      ['addresses.0', 'addresses.2'],
    );
  });
  it('a family the Service cannot have marks the rows of that family', () => {
    const texts = ['10.0.0.1', '2001:db8::5', '203.0.113.9', '2001:db8::6'];
    const addresses = texts.flatMap((t) => parseIp(t) ?? []);
    assert.equal(addresses.length, texts.length);
    const error = familiesUnavailable(addresses, ['IPv6'], { cluster: true });
    assert.equal(error.field, 'addresses');
    assert.deepEqual(error.marks, ['addresses.1', 'addresses.3']);
  });
});

describe('manifests', () => {
  const valid = (input: unknown) => {
    const r = validateExternalService(input);
    assert.ok(r.ok);
    return r.value;
  };

  it('recreates the seed external-web as a Service and a labelled EndpointSlice', () => {
    const [svc, slice, ...rest] = buildManifests(valid(BASE));
    assert.equal(rest.length, 0);
    assert.deepEqual(svc?.spec, {
      ports: [{ name: 'apache', protocol: 'TCP', port: 80, targetPort: 80 }],
    });
    assert.equal(slice?.kind, 'EndpointSlice');
    assert.equal(slice?.metadata.name, 'external-web-ipv4');
    assert.deepEqual(slice?.metadata.labels, {
      'kubernetes.io/service-name': 'external-web',
      'endpointslice.kubernetes.io/managed-by': 'switchboard.dev',
    });
    assert.deepEqual(slice?.endpoints, [
      { addresses: ['10.10.50.53'], conditions: { ready: true } },
    ]);
    assert.deepEqual(slice?.ports, [{ name: 'apache', port: 80, protocol: 'TCP' }]);
  });

  it('makes every object but the Service owned by it, the uid pending until create fills it in', () => {
    const objs = buildManifests(
      valid({ ...BASE, addresses: ['10.0.0.1', '2001:db8::1'], createAs: 'Both' }),
    );
    const pending = {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'external-web',
      uid: SERVICE_UID_PENDING,
      controller: true,
    };
    assert.deepEqual(
      objs.map((o) => o.metadata.ownerReferences),
      [undefined, [pending], [pending], [pending]],
    );
    const [svc, slice] = objs;
    assert.ok(svc && slice);
    assert.equal(withServiceUid(svc, 'u-1'), svc, 'a Service owns nothing to fill in');
    const filled = withServiceUid(slice, 'u-1');
    assert.deepEqual(filled.metadata.ownerReferences, [{ ...pending, uid: 'u-1' }]);
    // Only the uid changes: with it put back, the object is the one previewed.
    assert.equal(
      canonicalJson({ ...filled, metadata: { ...filled.metadata, ownerReferences: [pending] } }),
      canonicalJson(slice),
    );
    assert.deepEqual(
      slice.metadata.ownerReferences,
      [pending],
      'the previewed object is unchanged',
    );
  });

  it('writes one slice per family and a skip-mirror Endpoints when asked for both', () => {
    const objs = buildManifests(
      valid({ ...BASE, addresses: ['10.0.0.1', '2001:db8::1'], createAs: 'Both' }),
    );
    assert.deepEqual(
      objs.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        'Service/external-web',
        'EndpointSlice/external-web-ipv4',
        'EndpointSlice/external-web-ipv6',
        'Endpoints/external-web',
      ],
    );
    assert.equal(objs[3]?.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'], 'true');
    assert.deepEqual(validateManifests(objs), []);
  });

  it('asks for the IP families the addresses need, and nothing more for IPv4 only', () => {
    const spec = (addresses: string[]) => {
      const s = buildManifests(valid({ ...BASE, addresses }))[0]?.spec as Record<string, unknown>;
      return [s.ipFamilyPolicy, s.ipFamilies];
    };
    assert.deepEqual(spec(['10.0.0.1']), [undefined, undefined]);
    assert.deepEqual(spec(['2001:db8::10']), ['SingleStack', ['IPv6']]);
    assert.deepEqual(spec(['10.0.0.1', '2001:db8::10']), ['PreferDualStack', ['IPv4', 'IPv6']]);
    assert.deepEqual(spec(['2001:db8::10', '10.0.0.1']), ['PreferDualStack', ['IPv6', 'IPv4']]);
  });

  it('catches an EndpointSlice of a family its Service does not have', () => {
    const objs = buildManifests(valid({ ...BASE, addresses: ['2001:db8::10'] }));
    assert.deepEqual(validateManifests(objs), []);
    const svc = objs[0] as Manifest;
    const v4Only = { ...svc, spec: { ...(svc.spec as object), ipFamilies: ['IPv4'] } };
    assert.deepEqual(
      validateManifests([v4Only, objs[1]]).map((e) => e.code),
      ['ip-family'],
    );
  });

  it('records an internal-target override on every object', () => {
    const facts = {
      internal: internalAddressesOf([{ address: '10.96.0.10', what: 'ClusterIP of kube-dns' }]),
    };
    const r = validateExternalService(
      { ...BASE, addresses: ['10.96.0.10'], allowInternalTarget: true, createAs: 'Both' },
      facts,
    );
    assert.ok(r.ok);
    const objs = buildManifests(r.value);
    for (const o of objs)
      assert.equal(o.metadata.annotations?.[ALLOW_INTERNAL_ANNOTATION], '10.96.0.10');
    assert.deepEqual(validateManifests(objs, facts), []);
    // Without the annotation the same objects are refused.
    const stripped = objs.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: {} } }));
    assert.ok(validateManifests(stripped, facts).some((e) => e.code === 'internal-target'));
  });

  it('catches a port name that differs between Service and endpoints', () => {
    const objs = buildManifests(valid({ ...BASE, createAs: 'Both' }));
    const slice = objs[1] as Manifest;
    const broken = [
      objs[0],
      { ...slice, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      objs[2],
    ];
    const errors = validateManifests(broken);
    assert.ok(
      errors.some((e) => e.code === 'port-name-mismatch'),
      JSON.stringify(errors),
    );
  });

  it('catches a forbidden address smuggled into an object', () => {
    const objs = buildManifests(valid(BASE));
    const slice = objs[1] as Manifest;
    const evil = { ...slice, endpoints: [{ addresses: ['169.254.169.254'] }] };
    assert.ok(validateManifests([objs[0], evil]).some((e) => e.code === 'metadata'));
    const mixed = { ...slice, endpoints: [{ addresses: ['2001:db8::1'] }] };
    assert.ok(validateManifests([objs[0], mixed]).length > 0);
  });

  it('identifies a preview independently of key order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }),
      canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: 2 }));
  });
});

describe('text a person cannot read in a message', () => {
  it('says how long an over-long value is, and still checks every other field', () => {
    const r = validateExternalService({
      ...BASE,
      name: 'a'.repeat(600),
      addresses: ['b'.repeat(600), '127.0.0.1'],
      ports: [{ port: '1'.repeat(40), name: 'c'.repeat(300), protocol: 'TCP' }],
    });
    assert.ok(!r.ok);
    assert.ok(!r.errors.some((e) => e.code === 'malformed'), JSON.stringify(r.errors));
    const byField = new Map(r.errors.map((e) => [e.field, e.message]));
    assert.equal(
      byField.get('name'),
      'The name is 600 characters long; a Service name has at most 63.',
    );
    assert.match(byField.get('addresses.0') ?? '', /^b{64}… \(600 characters\) is not an IP/);
    assert.match(byField.get('addresses.1') ?? '', /loopback/);
    assert.match(byField.get('ports.0.port') ?? '', /^"1{40}" is not a port number/);
    assert.equal(
      byField.get('ports.0.name'),
      'The port name is 300 characters long; a port name has at most 15.',
    );
  });

  it('shows an invisible character in a quoted value', () => {
    const name = validateExternalService({ ...BASE, name: 'web\u200b' });
    assert.ok(!name.ok);
    assert.match(name.errors[0]?.message ?? '', /^"web\[U\+200B\]" is not a valid Service name/);
    const address = validateExternalService({ ...BASE, addresses: ['10.0.0.1\u200b'] });
    assert.ok(!address.ok);
    assert.match(address.errors[0]?.message ?? '', /^10\.0\.0\.1\[U\+200B\] is not an IP/);
  });
});
