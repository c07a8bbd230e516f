/**
 * The opt-in components of deploy/components added to an overlay, rendered with real kubectl:
 * history-postgres gives every replica the same database URL from the Secret (never a literal
 * in the manifest), and the server reads it as PostgreSQL history.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { historySettings } from '../lib/history/settings';
import { render, renderWith, type Overlay } from './testing/render';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const overlay of ['read-only', 'sign-in-oidc'] as Overlay[]) {
  it(`${overlay} + history-postgres: the database URL from the Secret switchboard-postgres`, async () => {
    const objects = await renderWith(overlay, ['history-postgres']);
    const deployment = objects.find((o) => o.kind === 'Deployment') as Obj;
    const env = deployment.spec.template.spec.containers[0].env as Obj[];
    const url = env.filter((e) => e.name === 'SWITCHBOARD_DATABASE_URL');
    assert.deepEqual(url, [
      {
        name: 'SWITCHBOARD_DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'switchboard-postgres', key: 'url' } },
      },
    ]);
    assert.equal(
      env.find((e) => e.name === 'SWITCHBOARD_DATA_DIR'),
      undefined,
    );
    // What the container sees once the kubelet resolves the Secret.
    const resolved = Object.fromEntries(
      env.map((e) => [e.name, e.valueFrom ? 'postgres://sb:pw@db:5432/sb' : e.value]),
    );
    assert.equal(historySettings(resolved, 'c').mode, 'postgres');
    // Without it the overlay sets no history variable: memory, per replica (docs/HISTORY.md).
    const plain = (await render(overlay)).find((o) => o.kind === 'Deployment') as Obj;
    const plainEnv = Object.fromEntries(
      (plain.spec.template.spec.containers[0].env as Obj[]).map((e) => [e.name, e.value]),
    );
    assert.equal(historySettings(plainEnv, 'c').mode, 'memory');
  });
}
