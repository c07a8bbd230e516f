/**
 * `switchboard cluster` as users and cli/serve.ts run it: a real child process through
 * bin/switchboard.mjs — flags, the kubeconfig written atomically once ready, the stable stdout
 * line, --token-auth-file, SIGTERM → exit 0 with open watches and a complete --audit-log-path —
 * plus the flag parser and --no-kubelet.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseFlags, startEmbeddedCluster, UsageError } from './cli';

const BIN = fileURLToPath(new URL('../bin/switchboard.mjs', import.meta.url));
const LINE = /^switchboard cluster: serving (https:\/\/127\.0\.0\.1:(\d+)) \(scenario ([^)]+)\)$/m;

/** The CA of the cluster under test (from its kubeconfig): requests trust exactly it. */
let trustedCa: string | undefined;

function request(
  url: string,
  options: RequestOptions,
  onResponse: Parameters<typeof httpsRequest>[2],
): ReturnType<typeof httpsRequest> {
  return httpsRequest(url, { ...options, ca: trustedCa, agent: false }, onResponse);
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, 'cluster', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function get(url: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function post(
  url: string,
  token: string,
  object: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(object);
    const req = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('switchboard cluster flags', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    assert.deepEqual(
      parseFlags([
        '--port',
        '0',
        '--kubeconfig-out=/tmp/k',
        '--scenario',
        'large:10',
        '--no-kubelet',
        '--version',
        '1.27',
        '--token-auth-file',
        'tokens.csv',
        '--readiness-delay=250',
        '--history-size',
        '50',
        '--host',
        '127.0.0.1',
        '--openapi-v2',
      ]),
      {
        port: 0,
        kubeconfigOut: '/tmp/k',
        scenario: 'large:10',
        kubelet: false,
        minorVersion: 27,
        tokenAuthFile: 'tokens.csv',
        readinessDelayMs: 250,
        historySize: 50,
        host: '127.0.0.1',
        openAPIV2: true,
      },
    );
    assert.equal(parseFlags(['--version', 'v1.33']).minorVersion, 33);
    assert.deepEqual(parseFlags(['--cert-dir', '/tmp/pki', '--insecure-http']), {
      certDir: '/tmp/pki',
      insecureHttp: true,
    });
    assert.equal(parseFlags(['--authorization-mode=AlwaysAllow']).authorizationMode, 'AlwaysAllow');
    assert.equal(parseFlags(['--audit-log-path', 'audit.log']).auditLog, 'audit.log');
    assert.equal(parseFlags(['--audit-log=audit.log']).auditLog, 'audit.log');
  });

  it('rejects unknown flags, missing values and bad values', () => {
    for (const args of [
      ['--bogus'],
      ['--port'],
      ['--port', '70000'],
      ['--port', '--scenario'],
      ['--scenario', 'tiny'],
      ['--scenario', 'large:200000'],
      ['--version', '1.26'],
      ['--readiness-delay', '-1'],
      ['--no-kubelet=yes'],
      ['--insecure-http=yes'],
      ['--cert-dir'],
      ['--authorization-mode', 'Node,RBAC'],
      ['--audit-log-path'],
      ['--audit-log-path', '-'],
    ]) {
      assert.throws(() => parseFlags(args), UsageError, args.join(' '));
    }
  });

  it('exits 2 with the usage on stderr for a bad flag, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
    try {
      const bad = run(['--kubeconfig-out', join(dir, 'config'), '--scenario', 'nope']);
      assert.equal(await bad.exit, 2);
      assert.match(bad.stderr(), /unknown scenario "nope"/);
      assert.match(bad.stderr(), /usage: switchboard cluster/);
      assert.equal(bad.stdout(), '');
      assert.equal(existsSync(join(dir, 'config')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('switchboard cluster process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the kubeconfig once ready, prints the stable line, knows --token-auth-file users, and stops on SIGTERM with exit 0', async () => {
    const kubeconfig = join(dir, 'nested', 'kubeconfig');
    const tokenFile = join(dir, 'tokens.csv');
    // A user RBAC grants nothing beyond what every authenticated user may do.
    writeFileSync(tokenFile, 'ro-token,restricted,restricted-uid\n');
    const cluster = run([
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--scenario',
      'seed',
      '--version',
      '1.27',
      '--token-auth-file',
      tokenFile,
      '--audit-log-path',
      join(dir, 'audit.log'),
    ]);
    children.push(cluster.child);
    // The two lines are written separately and may arrive in two chunks: wait for both.
    await until(
      'the serving and kubeconfig lines',
      () =>
        (LINE.test(cluster.stdout()) && cluster.stdout().split('\n').length > 2) ||
        cluster.child.exitCode !== null,
    );
    const [, url, , scenario] = LINE.exec(cluster.stdout()) ?? [];
    assert.ok(url, `stdout: ${cluster.stdout()}\nstderr: ${cluster.stderr()}`);
    assert.equal(scenario, 'seed');
    assert.equal(cluster.stdout().split('\n')[1], `switchboard cluster: kubeconfig ${kubeconfig}`);

    // The file was there before the line, complete, and no temporary file is left behind.
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['kubeconfig']);
    const config = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
      clusters: {
        cluster: {
          server: string;
          'certificate-authority-data'?: string;
          'insecure-skip-tls-verify'?: boolean;
        };
      }[];
      users: { user: { token: string } }[];
      'current-context': string;
    };
    assert.equal(config.clusters[0]?.cluster.server, url);
    // HTTPS with the cluster's own CA, never skip-verify.
    assert.equal(config.clusters[0]?.cluster['insecure-skip-tls-verify'], undefined);
    const caData = config.clusters[0]?.cluster['certificate-authority-data'] ?? '';
    trustedCa = Buffer.from(caData, 'base64').toString('utf8');
    assert.match(trustedCa, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(config['current-context'], 'switchboard-embedded');
    const token = config.users[0]?.user.token ?? '';
    assert.ok(token.length >= 32);

    const version = JSON.parse((await get(`${url}/version`, token)).body) as { minor: string };
    assert.equal(version.minor, '27');
    const service = { metadata: { name: 'x' }, spec: { ports: [{ port: 80 }] } };
    const denied = await post(`${url}/api/v1/namespaces/default/services`, 'ro-token', service);
    assert.equal(denied.status, 403);
    assert.equal(
      JSON.parse(denied.body).message,
      'services is forbidden: User "restricted" cannot create resource "services" in API group "" in the namespace "default"',
    );
    assert.equal(
      (await post(`${url}/api/v1/namespaces/default/services`, token, service)).status,
      201,
    );

    // An open watch must not keep the process alive.
    let watchEnded = false;
    const watch = request(
      `${url}/api/v1/pods?watch=true`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.on('data', () => undefined);
        res.on('close', () => (watchEnded = true));
      },
    );
    watch.on('error', () => (watchEnded = true));
    watch.end();
    await new Promise((r) => setTimeout(r, 200));

    cluster.child.kill('SIGTERM');
    assert.equal(await cluster.exit, 0);
    await until('the watch to end', () => watchEnded, 5_000);
    await assert.rejects(get(`${url}/version`), /ECONNREFUSED/);

    // The audit log was complete when the process exited: the refused and the allowed create,
    // and the watch the shutdown ended, started and completed.
    const events = readFileSync(join(dir, 'audit.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            stage: string;
            verb: string;
            user: { username?: string };
            responseStatus?: { code?: number };
          },
      );
    const creates = events.filter((e) => e.verb === 'create');
    assert.deepEqual(
      creates.map((e) => [e.user.username, e.responseStatus?.code]),
      [
        ['restricted', 403],
        ['kubernetes-admin', 201],
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.verb === 'watch').map((e) => e.stage),
      ['ResponseStarted', 'ResponseComplete'],
    );
  });

  it('exits 1 when the port is taken', async () => {
    const first = await startEmbeddedCluster({ scenario: 'empty' });
    try {
      const second = run(['--port', String(first.port), '--scenario', 'empty']);
      children.push(second.child);
      assert.equal(await second.exit, 1);
      assert.match(second.stderr(), /EADDRINUSE/);
      assert.equal(second.stdout(), '');
    } finally {
      await first.stop();
    }
  });
});

describe('startEmbeddedCluster: TLS material', () => {
  it('--cert-dir keeps the CA and serving certificate, so a restarted cluster presents the same CA', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'switchboard-certs-'));
    try {
      const first = await startEmbeddedCluster({ scenario: 'empty', certDir });
      const ca = first.caCertificate;
      await first.stop();
      assert.match(ca ?? '', /^-----BEGIN CERTIFICATE-----/);
      assert.deepEqual(readdirSync(certDir).sort(), [
        'admin.token',
        'apiserver.crt',
        'apiserver.key',
        'ca.crt',
        'ca.key',
        'sa.key',
        'sa.pub',
      ]);
      const second = await startEmbeddedCluster({ scenario: 'empty', certDir });
      try {
        assert.equal(second.caCertificate, ca);
        // The admin credential is kept too, so the first run's kubeconfig still works.
        assert.equal(second.token, first.token);
        // A client that trusted the first run's CA verifies the second run's server.
        trustedCa = ca;
        const version = await get(`${second.url}/version`, second.token);
        assert.equal(version.status, 200);
      } finally {
        await second.stop();
      }
      // Without a directory every start makes a CA of its own.
      const fresh = await startEmbeddedCluster({ scenario: 'empty' });
      await fresh.stop();
      assert.notEqual(fresh.caCertificate, ca);
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it('--insecure-http serves plain HTTP with no CA in the kubeconfig', async () => {
    const cluster = await startEmbeddedCluster({ scenario: 'empty', insecureHttp: true });
    try {
      assert.match(cluster.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(cluster.caCertificate, undefined);
      assert.doesNotMatch(cluster.kubeconfig, /certificate-authority-data/);
      const res = await fetch(`${cluster.url}/version`, {
        headers: { authorization: `Bearer ${cluster.token}` },
      });
      assert.equal(res.status, 200);
    } finally {
      await cluster.stop();
    }
  });
});

describe('startEmbeddedCluster with no kubelet', () => {
  it('leaves pods Pending, unscheduled and without IPs, and the endpoints empty', async () => {
    const cluster = await startEmbeddedCluster({ scenario: 'seed', kubelet: false });
    try {
      const pods = cluster.store.list('pods', 'default');
      assert.equal(pods.length, 2, 'the ReplicaSet controller still creates the pods');
      for (const pod of pods) {
        const status = pod.status as { phase?: string; podIP?: string };
        assert.equal(status.phase, 'Pending');
        assert.equal(status.podIP, undefined);
        assert.equal((pod.spec as { nodeName?: string }).nodeName, undefined);
      }
      const endpoints = cluster.store.get('endpoints', 'default', 'ingress-nginx');
      assert.deepEqual(endpoints?.subsets ?? [], []);
    } finally {
      await cluster.stop();
    }
  });
});
