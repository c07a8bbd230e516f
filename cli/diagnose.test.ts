import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startCluster, freePort, type EmbeddedCluster } from '../e2e/harness';

type Run = { code: number; stdout: string; stderr: string };

/** The command as people run it: bin/switchboard.mjs runs it from its compiled bundle. */
function diagnose(...args: string[]): Promise<Run> {
  return run([], args);
}

/** The route without a bundle: the sources through tsx, in a process with react-server. */
function diagnoseFromSources(...args: string[]): Promise<Run> {
  return run(['--conditions=react-server'], args);
}

function run(nodeArgs: string[], args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, join(ROOT, 'bin/switchboard.mjs'), 'diagnose', ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('switchboard diagnose against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startCluster('seed');
    const dir = mkdtempSync(join(tmpdir(), 'diagnose-'));
    const manifest = join(dir, 'typo.yaml');
    writeFileSync(
      manifest,
      `apiVersion: v1
kind: Service
metadata:
  name: web-typo
  namespace: default
spec:
  selector:
    app: ngnix
  ports:
    - port: 80
`,
    );
    const applied = await cluster.kubectl('apply', '--validate=false', '-f', manifest);
    assert.equal(applied.code, 0, applied.stderr);
    // Wait until the seed's pods are ready, so the healthy case is healthy.
    for (let i = 0; i < 100; i++) {
      const out = await cluster.kubectl(
        'get',
        'endpoints',
        'ingress-nginx',
        '-o',
        'jsonpath={.subsets[*].addresses[*].ip}',
      );
      if (out.stdout.trim().split(/\s+/).filter(Boolean).length === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  after(async () => {
    await cluster.stop();
  });

  it('prints a healthy Service and exits 0', async () => {
    const result = await diagnose('default/ingress-nginx', '--kubeconfig', cluster.kubeconfig);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Service default\/ingress-nginx: HEALTHY/);
    assert.match(
      result.stdout,
      /kubectl get endpointslices -n default -l kubernetes.io\/service-name=ingress-nginx/,
    );
  });

  it('names a selector typo with its near miss and exits 1', async () => {
    const result = await diagnose('default/web-typo', '--kubeconfig', cluster.kubeconfig);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /BROKEN/);
    assert.match(result.stdout, /\[selector-matches-no-pods\]/);
    assert.match(result.stdout, /near miss: .*ngnix/);
  });

  it('prints JSON with the reason codes for scripts', async () => {
    const result = await diagnose('default/web-typo', '--kubeconfig', cluster.kubeconfig, '--json');
    const parsed = JSON.parse(result.stdout) as {
      health: string;
      reasons: { code: string; evidence: unknown[] }[];
    };
    assert.equal(parsed.health, 'broken');
    assert.ok(
      parsed.reasons.some((r) => r.code === 'selector-matches-no-pods' && r.evidence.length > 0),
    );
  });

  it('exits 2 for a Service that does not exist', async () => {
    const result = await diagnose('default/nope', '--kubeconfig', cluster.kubeconfig);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /service "nope" not found in namespace "default"/);
  });

  it("with --json, an error is the API's problem shape on stdout, with the same exit status", async () => {
    const missing = await diagnose('default/nope', '--kubeconfig', cluster.kubeconfig, '--json');
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, '');
    const { error } = JSON.parse(missing.stdout) as { error: Record<string, unknown> };
    assert.equal(error.type, 'tag:switchboard.dev,2025:problem:not-found');
    assert.equal(error.status, 404);
    assert.match(String(error.detail), /service "nope" not found in namespace "default"/);
    const malformed = await diagnose('nope', '--json');
    assert.equal(malformed.code, 2);
    const usage = JSON.parse(malformed.stdout) as { error: { type: string } };
    assert.match(usage.error.type, /:bad-request$/);
  });

  it('exits 2 on a malformed target', async () => {
    const result = await diagnose('ingress-nginx', '--kubeconfig', cluster.kubeconfig);
    assert.equal(result.code, 2);
  });

  it('exits 3 with a clear message when the cluster is unreachable', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'diagnose-down-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters:
  - name: down
    cluster:
      server: http://127.0.0.1:${port}
      insecure-skip-tls-verify: true
users:
  - name: u
    user: {}
contexts:
  - name: down
    context: { cluster: down, user: u }
current-context: down
`,
    );
    const result = await diagnose('default/ingress-nginx', '--kubeconfig', kubeconfig);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /127\.0\.0\.1/);
  });

  it('--all-contexts: one verdict per cluster, the exit status the highest of theirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagnose-all-'));
    // The same cluster under a second context name, and a third context nobody answers for.
    const again = join(dir, 'again');
    writeFileSync(
      again,
      readFileSync(cluster.kubeconfig, 'utf8').replaceAll('switchboard-embedded', 'again'),
    );
    const down = join(dir, 'down');
    writeFileSync(
      down,
      `apiVersion: v1
kind: Config
clusters: [{ name: down, cluster: { server: "http://127.0.0.1:${await freePort()}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: {} }]
contexts: [{ name: down, context: { cluster: down, user: u } }]
`,
    );
    const both = ['--kubeconfig', cluster.kubeconfig, '--kubeconfig', again, '--all-contexts'];
    const healthy = await diagnose('default/ingress-nginx', ...both);
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.match(healthy.stdout, /== cluster switchboard-embedded\n.*HEALTHY/);
    assert.match(healthy.stdout, /== cluster again\n.*HEALTHY/);
    assert.equal((await diagnose('default/web-typo', ...both)).code, 1);
    assert.equal((await diagnose('default/nope', ...both)).code, 2);
    const withDown = await diagnose('default/web-typo', ...both, '--kubeconfig', down, '--json');
    assert.equal(withDown.code, 3);
    const verdicts = JSON.parse(withDown.stdout) as {
      cluster: string;
      exitCode: number;
      error?: string;
    }[];
    assert.deepEqual(
      verdicts.map((v) => [v.cluster, v.exitCode]),
      [
        ['switchboard-embedded', 1],
        ['again', 1],
        ['down', 3],
      ],
    );
    assert.match(verdicts[2]!.error!, /127\.0\.0\.1/);
    // Two named contexts: the same, without the third.
    const named = await diagnose(
      'default/web-typo',
      ...both.slice(0, 4),
      '--kubeconfig',
      down,
      '--context',
      'again',
      '--context',
      'switchboard-embedded',
    );
    assert.equal(named.code, 1, named.stderr);
    assert.ok(named.stdout.indexOf('== cluster again') < named.stdout.indexOf('== cluster switch'));
  });

  it('answers as the sources do: the same output and exit status, compiled or not', async () => {
    const cases = [
      ['default/ingress-nginx'],
      ['default/web-typo'],
      ['default/web-typo', '--json'],
      ['default/nope'],
      ['ingress-nginx'],
    ];
    for (const args of cases) {
      const [compiled, sources] = await Promise.all([
        diagnose(...args, '--kubeconfig', cluster.kubeconfig),
        diagnoseFromSources(...args, '--kubeconfig', cluster.kubeconfig),
      ]);
      assert.equal(compiled.code, sources.code, args.join(' '));
      assert.equal(compiled.stdout, sources.stdout, args.join(' '));
      assert.equal(compiled.stderr, sources.stderr, args.join(' '));
    }
  });

  // Last: it scales the seed's Deployment away.
  it('kubectl scale --replicas=0: the cause leads (which Deployment, when, by whom), the symptoms under it', async () => {
    const scaled = await cluster.kubectl('scale', 'deployment', 'nginx-deployment', '--replicas=0');
    assert.equal(scaled.code, 0, scaled.stderr);
    let result = await diagnose('default/ingress-nginx', '--kubeconfig', cluster.kubeconfig);
    for (let i = 0; i < 100 && !/\[no-endpoints\]/.test(result.stdout); i++) {
      await new Promise((r) => setTimeout(r, 200));
      result = await diagnose('default/ingress-nginx', '--kubeconfig', cluster.kubeconfig);
    }
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stdout.split('\n').filter((l) => /\[[a-z-]+\]/.test(l));
    assert.match(
      lines[0] ?? '',
      /^✖ \[scaled-to-zero\] Deployment nginx-deployment was scaled to 0 replicas at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by kubectl \(Update via \/scale\)/,
    );
    assert.ok(
      lines.slice(1).every((l) => l.startsWith('    ↳ ')),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.includes('[no-endpoints] (because of scaled-to-zero)')));
    const json = await diagnose(
      'default/ingress-nginx',
      '--kubeconfig',
      cluster.kubeconfig,
      '--json',
    );
    const parsed = JSON.parse(json.stdout) as { reasons: { code: string; causedBy?: string }[] };
    assert.equal(parsed.reasons[0]?.code, 'scaled-to-zero');
    assert.ok(parsed.reasons.slice(1).every((r) => r.causedBy === 'scaled-to-zero'));
  });
});
