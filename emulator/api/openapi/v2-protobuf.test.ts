// The optional protobuf OpenAPI v2 document: off by default (404 Status), and when on, what
// kubectl 1.27/1.28's field-validation check reads; then real kubectl 1.27 against an emulator
// started with `openAPIV2: true`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBase } from '../../scenarios/base';
import { kubeconfigYaml } from '../../cluster';
import { startEmulator } from '../../server';
import { handleMeta as handleMetaRequest } from '../meta';
import { parseMessage, type Fields } from '../protobuf';

const text = (f: Fields | undefined, n: number) => {
  const v = f?.get(n)?.[0];
  return v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;
};
const sub = (f: Fields | undefined, n: number) => {
  const v = f?.get(n)?.[0];
  return v instanceof Uint8Array ? parseMessage(v) : undefined;
};
const all = (f: Fields | undefined, n: number) =>
  (f?.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map(parseMessage);

describe('OpenAPI v2 (protobuf)', () => {
  it('is a 404 Status unless enabled', async () => {
    const res = await handleMetaRequest(new Request('http://x/openapi/v2'), {
      minorVersion: 27,
      serverAddress: 'x',
    });
    assert.equal(res?.status, 404);
    assert.equal((await res?.json()).reason, 'NotFound');
  });

  it('declares fieldValidation on a PATCH per kind when enabled', async () => {
    const res = await handleMetaRequest(new Request('http://x/openapi/v2'), {
      minorVersion: 27,
      serverAddress: 'x',
      openAPIV2: true,
    });
    assert.equal(res?.status, 200);
    assert.equal(res?.headers.get('content-type'), 'application/octet-stream');
    const doc = parseMessage(new Uint8Array(await res!.arrayBuffer()));
    assert.equal(text(doc, 1), '2.0');
    assert.equal(text(sub(doc, 2), 2), 'v1.27.0');
    const paths = all(sub(doc, 8), 2);
    const byPath = new Map(paths.map((p) => [text(p, 1), sub(sub(p, 2), 8)]));
    const svcPatch = byPath.get('/api/v1/namespaces/{namespace}/services/{name}');
    assert.ok(svcPatch, [...byPath.keys()].join(', '));
    const extensions = new Map(all(svcPatch, 13).map((e) => [text(e, 1), text(sub(e, 2), 2)]));
    assert.equal(
      extensions.get('x-kubernetes-group-version-kind'),
      'group: ""\nkind: Service\nversion: v1\n',
    );
    const params = all(svcPatch, 8).map((item) => sub(sub(sub(item, 1), 2), 3));
    assert.ok(params.some((q) => text(q, 4) === 'fieldValidation' && text(q, 2) === 'query'));
    assert.ok(byPath.has('/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices/{name}'));
    assert.ok(byPath.has('/api/v1/namespaces/{name}'));
  });

  it('lets kubectl 1.27 apply with validation on (fieldValidation=Strict)', async () => {
    const emulator = await startEmulator({
      port: 0,
      minorVersion: 27,
      openAPIV2: true,
      seed: (s) => void loadBase(s, 27),
    });
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-v2-'));
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        kubeconfigYaml(emulator.url, emulator.adminToken, emulator.caCertificate),
      );
      const kubectl = (...args: string[]) =>
        new Promise<{ code: number; out: string; err: string }>((resolve) =>
          execFile(
            '/usr/bin/kubectl',
            ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
            { env: { ...process.env, HOME: dir } },
            (e, out, err) => resolve({ code: e ? 1 : 0, out, err }),
          ),
        );
      const seed = fileURLToPath(
        new URL('../../scenarios/seed-manifests/02-external-web.yaml', import.meta.url),
      );
      const ok = await kubectl('apply', '-f', seed);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /^service\/external-web created$/m);
      writeFileSync(
        join(dir, 'typo.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  selektor:\n    app: x\n  ports:\n  - port: 80\n',
      );
      const typo = await kubectl('apply', '-f', join(dir, 'typo.yaml'));
      assert.equal(typo.code, 1);
      assert.match(typo.err, /strict decoding error: unknown field "spec\.selektor"/);
    } finally {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
