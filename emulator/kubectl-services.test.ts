/**
 * Service fidelity through real kubectl 1.33 and 1.28: the validation and defaulting rules that
 * changed between versions reach users as upstream prints them (externalTrafficPolicy on a
 * ClusterIP service with externalIPs, the load-balancer status of `kubectl patch --subresource
 * status`), an empty selector is stored as none (`kubectl get -o json` shows no selector), and
 * `kubectl replace` of a missing Service creates it (the service registry creates on update).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const service = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n${spec}`;

for (const minor of [33, 28]) {
  describe(`Services through kubectl 1.${minor}`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor);
    });
    after(async () => {
      await k?.stop();
    });

    it('externalTrafficPolicy on a ClusterIP service: allowed with externalIPs from 1.29', async () => {
      const bare = k.file(
        'bare.yaml',
        service('bare', '  ports: [{port: 80}]\n  externalTrafficPolicy: Local\n'),
      );
      const refused = await k.run('create', '-f', bare);
      assert.notEqual(refused.code, 0);
      const why =
        minor >= 29
          ? 'may only be set for externally-accessible services'
          : "may only be set when `type` is 'NodePort' or 'LoadBalancer'";
      assert.match(
        refused.stderr,
        new RegExp(
          `The Service "bare" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": ${why.replace(/[.*+?^${}()|[\]\\`']/g, '\\$&')}`,
        ),
      );
      const ext = k.file(
        'ext.yaml',
        service(
          'ext',
          '  ports: [{port: 80}]\n  externalIPs: [192.0.2.7]\n  externalTrafficPolicy: Local\n',
        ),
      );
      const applied = await k.run('apply', '-f', ext);
      assert.equal(applied.code === 0, minor >= 29, `${applied.stdout}${applied.stderr}`);
      if (minor >= 29) {
        const policy = await k.ok(
          'get',
          'svc',
          'ext',
          '-o',
          'jsonpath={.spec.externalTrafficPolicy}',
        );
        assert.equal(policy, 'Local');
        const defaulted = k.file(
          'ext2.yaml',
          service('ext2', '  ports: [{port: 80}]\n  externalIPs: [192.0.2.8]\n'),
        );
        await k.ok('apply', '-f', defaulted);
        const dflt = await k.ok(
          'get',
          'svc',
          'ext2',
          '-o',
          'jsonpath={.spec.externalTrafficPolicy}',
        );
        assert.equal(dflt, 'Cluster');
      }
    });

    it('refuses a load-balancer ingress that is not an IP or a DNS name', async () => {
      const lb = k.file('lb.yaml', service('lb', '  type: LoadBalancer\n  ports: [{port: 80}]\n'));
      await k.ok('apply', '-f', lb);
      const bad = await k.run(
        'patch',
        'svc',
        'lb',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"loadBalancer":{"ingress":[{"ip":"<img src=x>","hostname":"<img src=x>"}]}}}',
      );
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /The Service "lb" is invalid: /);
      assert.match(
        bad.stderr,
        /status\.loadBalancer\.ingress\[0\]\.ip: Invalid value: "<img src=x>": must be a valid IP address, \(e\.g\. 10\.9\.8\.7 or 2001:db8::ffff\)/,
      );
      assert.match(
        bad.stderr,
        /status\.loadBalancer\.ingress\[0\]\.hostname: Invalid value: "<img src=x>": a lowercase RFC 1123 subdomain must consist of/,
      );
      await k.ok(
        'patch',
        'svc',
        'lb',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}',
      );
      const shown = await k.ok(
        'get',
        'svc',
        'lb',
        '-o',
        'jsonpath={.status.loadBalancer.ingress[0]}',
      );
      assert.deepEqual(
        JSON.parse(shown),
        minor >= 30 ? { ip: '192.0.2.10', ipMode: 'VIP' } : { ip: '192.0.2.10' },
      );
    });

    it('kubectl replace creates a Service that does not exist, with a cluster IP', async () => {
      const missing = k.file('replaced.yaml', service('replaced', '  ports: [{port: 80}]\n'));
      const out = await k.ok('replace', '-f', missing);
      assert.match(out, /service\/replaced replaced/);
      const ip = await k.ok('get', 'svc', 'replaced', '-o', 'jsonpath={.spec.clusterIP}');
      assert.match(ip, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    });

    it('stores an empty selector as no selector', async () => {
      const empty = k.file(
        'empty.yaml',
        service('empty', '  selector: {}\n  ports: [{port: 80}]\n'),
      );
      await k.ok('apply', '-f', empty);
      const spec = JSON.parse(
        await k.ok('get', 'svc', 'empty', '-o', 'jsonpath={.spec}'),
      ) as Record<string, unknown>;
      assert.equal('selector' in spec, false);
    });
  });
}
