/**
 * IP addresses through real kubectl 1.33 and 1.32: 1.33 warns about an endpoint address in a
 * non-standard form (kubectl prints the server's Warning header as `Warning: …`) on create and
 * on update, 1.32 does not; an unparsable EndpointSlice address is refused with one error by 1.33
 * and with ValidateEndpointIP's second one by 1.32; a Service's non-canonical addresses and
 * ranges get each release's own warnings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const slice = (name: string, address: string) =>
  [
    'apiVersion: discovery.k8s.io/v1',
    'kind: EndpointSlice',
    `metadata: {name: ${name}}`,
    'addressType: IPv4',
    'ports: [{name: http, port: 80, protocol: TCP}]',
    `endpoints: [{addresses: ["${address}"]}]`,
    '',
  ].join('\n');

const endpoints = (name: string, ip: string) =>
  [
    'apiVersion: v1',
    'kind: Endpoints',
    `metadata: {name: ${name}}`,
    `subsets: [{addresses: [{ip: "${ip}"}], ports: [{port: 80}]}]`,
    '',
  ].join('\n');

const ZEROS =
  'Warning: endpoints[0].addresses[0]: non-standard IP address "010.001.002.003" will be considered invalid in a future Kubernetes release: use "10.1.2.3"';
const IPV6 =
  'Warning: subsets[0].addresses[0].ip: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")';

for (const minor of [33, 32]) {
  describe(`endpoint addresses through kubectl 1.${minor}`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, { kubelet: false });
    });
    after(async () => {
      await k?.stop();
    });

    it('warns about a non-standard EndpointSlice address on create and update from 1.33', async () => {
      const created = await k.run(
        'create',
        '-f',
        k.file('zeros.yaml', slice('zeros', '010.001.002.003')),
      );
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stderr.includes(ZEROS), minor >= 33, created.stderr);
      const labelled = await k.run('label', 'endpointslice', 'zeros', 'team=web');
      assert.equal(labelled.code, 0, labelled.stderr);
      assert.equal(labelled.stderr.includes(ZEROS), minor >= 33, labelled.stderr);
    });

    it('warns about a non-canonical IPv6 Endpoints address from 1.33', async () => {
      const created = await k.run(
        'create',
        '-f',
        k.file('v6.yaml', endpoints('v6', '2001:DB8::1')),
      );
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stderr.includes(IPV6), minor >= 33, created.stderr);
    });

    it('refuses an unparsable EndpointSlice address, twice before 1.33', async () => {
      const refused = await k.run(
        'create',
        '-f',
        k.file('bad.yaml', slice('bad', '123.456.789.012')),
      );
      assert.notEqual(refused.code, 0);
      const v4 =
        'endpoints[0].addresses[0]: Invalid value: "123.456.789.012": must be a valid IPv4 address';
      const ip =
        'endpoints[0].addresses[0]: Invalid value: "123.456.789.012": must be a valid IP address';
      const want =
        minor >= 33
          ? `The EndpointSlice "bad" is invalid: ${v4}`
          : `The EndpointSlice "bad" is invalid: \n* ${v4}\n* ${ip}\n`;
      assert.ok(refused.stderr.includes(want), refused.stderr);
    });

    it("warns about a Service's non-canonical external IP and an ambiguous source range", async () => {
      const svc = [
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: lb}',
        'spec:',
        '  type: LoadBalancer',
        '  ports: [{port: 80}]',
        '  externalIPs: ["2001:DB8::1"]',
        '  loadBalancerSourceRanges: ["1.2.3.4/8"]',
        '',
      ].join('\n');
      const created = await k.run('create', '-f', k.file('lb.yaml', svc));
      assert.equal(created.code, 0, created.stderr);
      const ip =
        minor >= 33
          ? 'Warning: spec.externalIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")'
          : 'Warning: spec.externalIPs[0]: IPv6 address "2001:DB8::1" is not in RFC 5952 canonical format ("2001:db8::1"), which may cause controller apply-loops';
      assert.ok(created.stderr.includes(ip), created.stderr);
      const ambiguous =
        'Warning: spec.loadBalancerSourceRanges[0]: CIDR value "1.2.3.4/8" is ambiguous in this context (should be "1.0.0.0/8" or "1.2.3.4/32"?)';
      assert.equal(created.stderr.includes(ambiguous), minor >= 33, created.stderr);
    });
  });
}
