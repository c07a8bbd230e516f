/**
 * In read-only mode (`--read-only` → SWITCHBOARD_READ_ONLY=1) the fix-preview route refuses
 * before it reads anything: the kubeconfig names an API server that nothing listens on, and the
 * answer is still the read-only problem, not an unreachable cluster. Its own file because the
 * connection (and its read-only flag) is read once per process.
 */
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POST as fixPreview } from './services/[namespace]/[name]/fix-preview/route';
import { call, expectProblem, SAME_ORIGIN } from './testing/routes';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fix-preview-ro-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
  process.env.SWITCHBOARD_KUBECONFIG = kubeconfig;
  process.env.SWITCHBOARD_READ_ONLY = '1';
});

after(() => {
  delete process.env.SWITCHBOARD_READ_ONLY;
  rmSync(dir, { recursive: true, force: true });
});

describe('fix-preview route in read-only mode', () => {
  it('refuses with the read-only problem before reading the cluster', async () => {
    const response = await call(
      fixPreview,
      '/api/services/default/web/fix-preview',
      { method: 'POST', headers: SAME_ORIGIN, body: { code: 'scaled-to-zero' } },
      { namespace: 'default', name: 'web' },
    );
    await expectProblem(response, 'read-only', 403);
  });
});
