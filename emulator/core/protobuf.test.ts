/**
 * Protobuf request bodies exactly as kubectl 1.33 sent them (captured from
 * `kubectl create namespace proto-ns`, `kubectl create deployment proto-dep --image=nginx:1.27
 * --replicas=3 --port=80` and `kubectl create service nodeport proto-svc --tcp=80:8080`), decoded
 * and then created over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import { decodeProtobufObject } from './protobuf';
import { startCore } from '../apiserver/testing/support';
import { clusterFetch } from '../testing/cluster-fetch';

const NAMESPACE =
  'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEiAKGAoIcHJvdG8tbnMSABoAIgAqADIAOABCABIAGgIKABoAIgA=';
const DEPLOYMENT =
  'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EtUBCisKCXByb3RvLWRlcBIAGgAiACoAMgA4AEIAWhAKA2FwcBIJcHJvdG8tZGVwEpcBCAMSEgoQCgNhcHASCXByb3RvLWRlcBp3CiIKABIAGgAiACoAMgA4AEIAWhAKA2FwcBIJcHJvdG8tZGVwElESMwoFbmdpbngSCm5naW54OjEuMjcqADIKCgAQABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==';
const SERVICE =
  'azhzAAoNCgJ2MRIHU2VydmljZRJ6CisKCXByb3RvLXN2YxIAGgAiACoAMgA4AEIAWhAKA2FwcBIJcHJvdG8tc3ZjEkcKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABIQCgNhcHASCXByb3RvLXN2YxoAIghOb2RlUG9ydDoAQgBSAFoAYABoABoCCgAaACIA';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('protobuf bodies', () => {
  it('decodes kubectl create namespace', () => {
    assert.deepEqual(decodeProtobufObject(bytes(NAMESPACE), 'Namespace'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'proto-ns' },
    });
  });

  it('decodes kubectl create deployment', () => {
    assert.deepEqual(decodeProtobufObject(bytes(DEPLOYMENT), 'Deployment'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'proto-dep', labels: { app: 'proto-dep' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'proto-dep' } },
        template: {
          metadata: { labels: { app: 'proto-dep' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
          },
        },
      },
    });
  });

  it('decodes kubectl create service nodeport', () => {
    assert.deepEqual(decodeProtobufObject(bytes(SERVICE), 'Service'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'proto-svc', labels: { app: 'proto-svc' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 'proto-svc' },
        type: 'NodePort',
      },
    });
  });

  it('rejects a body without the k8s magic', () => {
    assert.throws(
      () => decodeProtobufObject(new Uint8Array([1, 2, 3, 4, 5]), 'Namespace'),
      /expected prefix/,
    );
  });
});

describe('protobuf over HTTP', () => {
  let em: RunningEmulator;
  before(async () => {
    em = await startCore();
  });
  after(() => em.stop());

  for (const [path, body, name] of [
    ['/api/v1/namespaces', NAMESPACE, 'proto-ns'],
    ['/apis/apps/v1/namespaces/default/deployments', DEPLOYMENT, 'proto-dep'],
    ['/api/v1/namespaces/default/services', SERVICE, 'proto-svc'],
  ] as const) {
    it(`creates ${name} from a protobuf body and answers JSON`, async () => {
      const res = await clusterFetch(
        `${em.url}${path}?fieldManager=kubectl-create&fieldValidation=Strict`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/vnd.kubernetes.protobuf',
            accept: 'application/vnd.kubernetes.protobuf,application/json',
          },
          body: bytes(body),
        },
      );
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const object = (await res.json()) as { metadata: { name: string; uid: string } };
      assert.equal(object.metadata.name, name);
      assert.ok(object.metadata.uid);
    });
  }
});
