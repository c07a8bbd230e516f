/**
 * The audit log (`--audit-log-path`) after real kubectl 1.33 and 1.27 runs, read once the cluster
 * stopped: a run of ordinary admin commands caused zero 403s and zero 401s, every request has its
 * ResponseComplete line (watches a ResponseStarted first), `--as alice` lines name the caller as
 * user and alice as impersonatedUser, and a forged token is one ResponseStarted 401 line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from './auth/audit/event';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const ADMIN = 'kubernetes-admin';

for (const minor of [33, 27]) {
  describe(`audit log of kubectl 1.${minor}`, () => {
    let k: KubectlHarness;
    let dir: string;
    let events: AuditEvent[] = [];

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kubectl-audit-'));
      const log = join(dir, 'audit.log');
      k = await startKubectlHarness(minor, { kubelet: false, auditLog: log });
      const validate = minor < 29 ? ['--validate=false'] : [];
      await k.ok('create', 'deployment', 'web', '--image', 'nginx:1.27', ...validate);
      await k.ok('get', 'deployments', '-o', 'wide');
      await k.ok('scale', 'deployment', 'web', '--replicas', '2');
      await k.ok('label', 'deployment', 'web', 'tier=front');
      await k.ok('get', 'configmaps', '--watch-only', '--request-timeout', '1s');
      await k.ok('delete', 'deployment', 'web');
      await k.ok('get', 'pods', '--as', 'alice', '--as-group', 'system:masters');
      const forged = await k.run('--token', 'forged', 'get', 'pods');
      assert.equal(forged.code, 1);
      await k.emulator.stop();
      events = (await readFile(log, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as AuditEvent);
    });
    after(async () => {
      await k?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('the admin run caused zero 403s and every request completed', () => {
      const admin = events.filter((e) => e.user.username === ADMIN && !e.impersonatedUser);
      assert.ok(admin.length > 10, `${admin.length} admin events`);
      assert.deepEqual(
        admin.filter((e) => e.responseStatus?.code === 403),
        [],
      );
      const started = new Set(
        admin.filter((e) => e.stage !== 'ResponseComplete').map((e) => e.auditID),
      );
      const completed = new Set(
        admin.filter((e) => e.stage === 'ResponseComplete').map((e) => e.auditID),
      );
      for (const id of started) assert.ok(completed.has(id), `${id} completed`);
      const verbs = new Set(admin.map((e) => e.verb));
      for (const verb of ['create', 'get', 'list', 'patch', 'delete', 'watch']) {
        assert.ok(verbs.has(verb), `a ${verb} was audited`);
      }
      const create = admin.find(
        (e) => e.verb === 'create' && e.objectRef?.resource === 'deployments',
      );
      assert.deepEqual(create?.objectRef, {
        resource: 'deployments',
        namespace: 'default',
        apiGroup: 'apps',
        apiVersion: 'v1',
      });
      assert.equal(create?.responseStatus?.code, 201);
      assert.match(create?.userAgent ?? '', /^kubectl/);
      assert.deepEqual(create?.sourceIPs, ['127.0.0.1']);
      assert.deepEqual(
        events.filter((e) => !/^kubectl/.test(e.userAgent ?? '')),
        [],
        'every line is a kubectl request (the cluster runs no controllers over HTTP)',
      );
    });

    it('a kubectl watch is ResponseStarted, then ResponseComplete', () => {
      const watch = events.filter(
        (e) => e.verb === 'watch' && e.objectRef?.resource === 'configmaps',
      );
      assert.deepEqual(
        watch.map((e) => e.stage),
        ['ResponseStarted', 'ResponseComplete'],
      );
      assert.equal(watch[0]?.auditID, watch[1]?.auditID);
    });

    it('--as lines carry the caller as user and the impersonated user', () => {
      const impersonated = events.filter((e) => e.impersonatedUser);
      assert.ok(impersonated.length > 0);
      for (const e of impersonated) {
        assert.equal(e.user.username, ADMIN);
        assert.deepEqual(e.impersonatedUser, {
          username: 'alice',
          groups: ['system:masters', 'system:authenticated'],
        });
      }
      assert.ok(impersonated.some((e) => e.verb === 'list' && e.objectRef?.resource === 'pods'));
    });

    it('a forged token is a lone ResponseStarted 401 line', () => {
      const unauthorized = events.filter((e) => e.responseStatus?.code === 401);
      assert.ok(unauthorized.length > 0);
      for (const e of unauthorized) {
        assert.equal(e.stage, 'ResponseStarted');
        assert.deepEqual(e.user, {});
        assert.equal(e.responseStatus?.message, 'Authentication failed, attempted: bearer');
        assert.equal(events.filter((o) => o.auditID === e.auditID).length, 1);
      }
    });
  });
}
