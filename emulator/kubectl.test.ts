/**
 * Real kubectl against the embedded cluster: the emulator reports 1.33 and then 1.27, so
 * `/usr/bin/kubectl` (a dispatcher on the server's /version) runs `kubectl.1.33` and
 * `kubectl.1.27`. Every check reads kubectl's output, not only its exit code.
 *
 * kubectl 1.27/1.28 validate manifests client-side with the protobuf OpenAPI v2 document; these
 * cases run their `apply` with `--validate=false` (kubectl-sweep.test.ts applies with validation
 * on); 1.29+ uses the OpenAPI v3 `fieldValidation` discovery and server-side strict validation.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBase } from './scenarios/base';
import { kubeconfigYaml } from './cluster';
import { startEmulator, type RunningEmulator } from './server';

const KUBECTL = '/usr/bin/kubectl';
// The seed scenario's manifests, as the scenario loads them.
const seedDir = fileURLToPath(new URL('./scenarios/seed-manifests', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Splits a kubectl table into rows of cells (columns are separated by 2+ spaces). */
function tableRows(output: string): string[][] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}

async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} against the emulator`, () => {
    let emulator: RunningEmulator;
    let dir: string;
    let kubeconfig: string;
    const validate = minor < 29 ? ['--validate=false'] : [];

    const kubectl = (...args: string[]): Promise<Run> =>
      new Promise((resolve) => {
        execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
          { env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig }, timeout: 30_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    const ok = async (...args: string[]) => {
      const r = await kubectl(...args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), `kubectl-${minor}-`));
      emulator = await startEmulator({
        port: 0,
        minorVersion: minor,
        readinessDelayMs: 100,
        seed: (store) => {
          loadBase(store, minor);
        },
      });
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        kubeconfigYaml(emulator.url, emulator.adminToken, emulator.caCertificate),
      );
    });
    after(async () => {
      await emulator?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('dispatches to the matching kubectl and reports the server version', async () => {
      const version = JSON.parse(await ok('version', '-o', 'json')) as {
        clientVersion: { gitVersion: string };
        serverVersion: { gitVersion: string; minor: string };
      };
      assert.match(version.clientVersion.gitVersion, new RegExp(`^v1\\.${minor}\\.`));
      assert.equal(version.serverVersion.gitVersion, `v1.${minor}.0+switchboard`);
      assert.equal(version.serverVersion.minor, String(minor));
    });

    it('discovers short names and categories', async () => {
      const rows = tableRows(await ok('api-resources'));
      const find = (name: string) => rows.find((r) => r[0] === name);
      assert.deepEqual(find('services'), ['services', 'svc', 'v1', 'true', 'Service']);
      assert.deepEqual(find('endpoints'), ['endpoints', 'ep', 'v1', 'true', 'Endpoints']);
      assert.deepEqual(find('endpointslices'), [
        'endpointslices',
        'discovery.k8s.io/v1',
        'true',
        'EndpointSlice',
      ]);
      assert.deepEqual(find('deployments'), [
        'deployments',
        'deploy',
        'apps/v1',
        'true',
        'Deployment',
      ]);
      assert.deepEqual(find('selfsubjectaccessreviews'), [
        'selfsubjectaccessreviews',
        'authorization.k8s.io/v1',
        'false',
        'SelfSubjectAccessReview',
      ]);
    });

    it('applies both seed manifests', async () => {
      const first = await ok('apply', ...validate, '-f', join(seedDir, '01-nginx.yaml'));
      assert.match(first, /^deployment\.apps\/nginx-deployment created$/m);
      assert.match(first, /^service\/ingress-nginx created$/m);
      const second = await ok('apply', ...validate, '-f', join(seedDir, '02-external-web.yaml'));
      assert.match(second, /^service\/external-web created$/m);
      assert.match(second, /^endpoints\/external-web created$/m);
      const again = await ok('apply', ...validate, '-f', join(seedDir, '01-nginx.yaml'));
      assert.match(again, /^service\/ingress-nginx unchanged$/m);
    });

    it('refuses an invalid Service with the apiserver message', async () => {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 80\n    protocol: HTTP\n',
      );
      const r = await kubectl('apply', ...validate, '-f', bad);
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /The Service "bad" is invalid: spec\.ports\[0\]\.protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"/,
      );
      const loop = join(dir, 'loop.yaml');
      writeFileSync(
        loop,
        'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: loop\nsubsets:\n- addresses:\n  - ip: 127.0.0.1\n  ports:\n  - port: 80\n',
      );
      const r2 = await kubectl('apply', ...validate, '-f', loop);
      assert.notEqual(r2.code, 0);
      assert.match(
        r2.stderr,
        /The Endpoints "loop" is invalid: subsets\[0\]\.addresses\[0\]\.ip: Invalid value: "127\.0\.0\.1": may not be in the loopback range \(127\.0\.0\.0\/8, ::1\/128\)/,
      );
    });

    if (minor >= 29) {
      it('validates unknown fields server-side (fieldValidation=Strict via OpenAPI v3)', async () => {
        const typo = join(dir, 'typo.yaml');
        writeFileSync(
          typo,
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  selektor:\n    app: x\n  ports:\n  - port: 80\n',
        );
        const r = await kubectl('apply', '-f', typo);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /unknown field "spec\.selektor"/);
      });
    }

    it('prints proper wide tables for services, endpoints, endpointslices and pods', async () => {
      // Pods turn Ready and endpoints fill through the controllers and the simulated kubelet.
      const podIPs = await poll('two ready nginx pods', async () => {
        const out = await ok(
          'get',
          'pods',
          '-l',
          'app=nginx',
          '-o',
          'jsonpath={range .items[*]}{.status.podIP} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
        );
        const lines = out.trim().split('\n').filter(Boolean);
        const ready = lines.map((l) => l.split(' ')).filter(([ip, r]) => ip && r === 'True');
        return ready.length === 2 ? ready.map(([ip]) => ip ?? '').sort() : undefined;
      });
      await poll('endpoints for ingress-nginx', async () => {
        const out = await ok(
          'get',
          'endpoints',
          'ingress-nginx',
          '-o',
          'jsonpath={.subsets[*].addresses[*].ip}',
        );
        return out.trim().split(/\s+/).filter(Boolean).length === 2 ? true : undefined;
      });
      await poll('the EndpointSlice for ingress-nginx', async () => {
        const out = await ok(
          'get',
          'endpointslices',
          '-l',
          'kubernetes.io/service-name=ingress-nginx',
          '-o',
          'jsonpath={.items[*].endpoints[*].addresses[*]}',
        );
        return out.trim().split(/\s+/).filter(Boolean).length === 2 ? true : undefined;
      });

      const out = await ok('get', 'services,endpoints,endpointslices,pods', '-o', 'wide');
      const rows = tableRows(out);
      const header = (first: string) => rows.find((r) => r[0] === 'NAME' && r[1] === first);
      assert.deepEqual(header('TYPE'), [
        'NAME',
        'TYPE',
        'CLUSTER-IP',
        'EXTERNAL-IP',
        'PORT(S)',
        'AGE',
        'SELECTOR',
      ]);
      assert.deepEqual(header('ENDPOINTS'), ['NAME', 'ENDPOINTS', 'AGE']);
      assert.deepEqual(header('ADDRESSTYPE'), ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
      assert.deepEqual(header('READY'), [
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      const row = (name: string) => rows.find((r) => r[0] === name);

      const ingress = row('service/ingress-nginx');
      assert.ok(ingress, out);
      assert.equal(ingress[1], 'NodePort');
      assert.match(ingress[2] ?? '', /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
      assert.deepEqual(
        [ingress[3], ingress[4], ingress[6]],
        ['<none>', '80:30001/TCP', 'app=nginx'],
      );
      const web = row('service/external-web');
      assert.deepEqual(
        [web?.[1], web?.[3], web?.[4], web?.[6]],
        ['ClusterIP', '<none>', '80/TCP', '<none>'],
      );
      assert.deepEqual(row('service/kubernetes')?.slice(1, 5), [
        'ClusterIP',
        '10.96.0.1',
        '<none>',
        '443/TCP',
      ]);

      assert.equal(row('endpoints/external-web')?.[1], '10.10.50.53:80');
      assert.deepEqual(
        row('endpoints/ingress-nginx')?.[1]?.split(',').sort(),
        podIPs.map((ip) => `${ip}:80`),
      );

      const slices = rows.filter((r) => r[0]?.startsWith('endpointslice.discovery.k8s.io/'));
      const webSlice = slices.find((r) => /\/external-web-[a-z0-9]{5}$/.test(r[0] ?? ''));
      assert.deepEqual(webSlice?.slice(1, 4), ['IPv4', '80', '10.10.50.53']);
      const nginxSlice = slices.find((r) => /\/ingress-nginx-[a-z0-9]{5}$/.test(r[0] ?? ''));
      assert.deepEqual(nginxSlice?.slice(1, 3), ['IPv4', '80']);
      assert.deepEqual(nginxSlice?.[3]?.split(',').sort(), podIPs);

      const pods = rows.filter((r) => r[0]?.startsWith('pod/nginx-deployment-'));
      assert.equal(pods.length, 2);
      for (const p of pods) {
        assert.deepEqual(p.slice(1, 4), ['1/1', 'Running', '0']);
        assert.match(p[4] ?? '', /^\d+s$/);
        assert.ok(podIPs.includes(p[5] ?? ''), `pod IP ${p[5]}`);
        assert.match(p[6] ?? '', /^node-\d+$/);
        assert.deepEqual(p.slice(7), ['<none>', '<none>']);
      }
    });

    it('describes the Service with its endpoints', async () => {
      const out = await ok('describe', 'service', 'ingress-nginx');
      const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(out)?.[1]?.trim();
      assert.equal(field('Name'), 'ingress-nginx');
      assert.equal(field('Selector'), 'app=nginx');
      assert.equal(field('Type'), 'NodePort');
      assert.equal(field('Port'), 'http  80/TCP');
      assert.equal(field('TargetPort'), '80/TCP');
      assert.equal(field('NodePort'), 'http  30001/TCP');
      assert.match(field('Endpoints') ?? '', /^10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80$/);
      assert.equal(field('Session Affinity'), 'None');
      assert.equal(field('External Traffic Policy'), 'Cluster');
    });

    it('scales the Deployment', async () => {
      assert.match(
        await ok('scale', 'deployment', 'nginx-deployment', '--replicas=4'),
        /^deployment\.apps\/nginx-deployment scaled$/m,
      );
      await poll('4/4 ready replicas', async () => {
        const rows = tableRows(await ok('get', 'deployment', 'nginx-deployment'));
        return rows[1]?.[1] === '4/4' ? true : undefined;
      });
      const rows = tableRows(await ok('get', 'deployment', 'nginx-deployment', '-o', 'wide'));
      assert.deepEqual(rows[0], [
        'NAME',
        'READY',
        'UP-TO-DATE',
        'AVAILABLE',
        'AGE',
        'CONTAINERS',
        'IMAGES',
        'SELECTOR',
      ]);
      assert.deepEqual(
        [
          rows[1]?.[0],
          rows[1]?.[1],
          rows[1]?.[2],
          rows[1]?.[3],
          rows[1]?.[5],
          rows[1]?.[6],
          rows[1]?.[7],
        ],
        ['nginx-deployment', '4/4', '4', '4', 'nginx-container', 'nginx', 'app=nginx'],
      );
      const ep = await poll('4 endpoints', async () => {
        const r = tableRows(await ok('get', 'endpoints', 'ingress-nginx'));
        return /\+ 1 more\.\.\.$/.test(r[1]?.[1] ?? '') ? r[1]?.[1] : undefined;
      });
      assert.match(ep, /^(10\.244\.\d+\.\d+:80,){2}10\.244\.\d+\.\d+:80 \+ 1 more\.\.\.$/);
    });

    it('labels a pod', async () => {
      const name = (
        await ok('get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[0].metadata.name}')
      ).trim();
      assert.match(
        await ok('label', 'pod', name, 'tier=frontend'),
        new RegExp(`^pod/${name} labeled$`, 'm'),
      );
      const labelled = (await ok('get', 'pods', '-l', 'tier=frontend', '-o', 'name')).trim();
      assert.equal(labelled, `pod/${name}`);
      const rows = tableRows(await ok('get', 'pod', name, '-L', 'tier'));
      assert.deepEqual([rows[0]?.at(-1), rows[1]?.at(-1)], ['TIER', 'frontend']);
    });

    it('streams changes to `get -w`', async () => {
      const child = spawn(
        KUBECTL,
        [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          join(dir, 'cache'),
          'get',
          'services',
          '-w',
          '--output-watch-events',
        ],
        {
          env: { ...process.env, HOME: dir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      try {
        await poll('the initial listing', async () =>
          /ADDED\s+ingress-nginx\s+NodePort/.test(output) ? true : undefined,
        );
        assert.match(output, /^EVENT\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/m);
        assert.match(
          await ok('label', 'service', 'external-web', 'watched=yes'),
          /^service\/external-web labeled$/m,
        );
        await poll('the MODIFIED event', async () =>
          /MODIFIED\s+external-web\s+ClusterIP\s+10\.\S+\s+<none>\s+80\/TCP/.test(output)
            ? true
            : undefined,
        );
        assert.match(
          await ok('delete', 'service', 'external-web'),
          /^service "external-web" deleted$/m,
        );
        await poll('the DELETED event', async () =>
          /DELETED\s+external-web\s+ClusterIP/.test(output) ? true : undefined,
        );
      } finally {
        clearTimeout(killer);
        child.kill('SIGTERM');
      }
    });

    it('deletes, and reports NotFound afterwards', async () => {
      // The endpoints controller removes the Endpoints of a deleted Service, selector or not.
      await poll('the Endpoints of the deleted Service to go', async () => {
        const r = await kubectl('get', 'endpoints', 'external-web');
        return r.code === 1 &&
          /Error from server \(NotFound\): endpoints "external-web" not found/.test(r.stderr)
          ? true
          : undefined;
      });
      const r = await kubectl('get', 'service', 'external-web');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Error from server \(NotFound\): services "external-web" not found/);
      assert.match(
        await ok('delete', 'deployment', 'nginx-deployment'),
        /^deployment\.apps "nginx-deployment" deleted$/m,
      );
      await poll('the pods to be gone', async () =>
        (await ok('get', 'pods', '-o', 'name')).trim() === '' ? true : undefined,
      );
      assert.match(
        await ok('delete', 'service', 'ingress-nginx'),
        /^service "ingress-nginx" deleted$/m,
      );
      const rows = tableRows(await ok('get', 'services'));
      assert.deepEqual(
        rows.map((row) => row[0]),
        ['NAME', 'kubernetes'],
      );
    });

    it('answers `auth can-i`', async () => {
      const r = await kubectl('auth', 'can-i', 'create', 'endpointslices.discovery.k8s.io');
      assert.equal(r.stdout.trim(), 'yes');
    });
  });
}
