/**
 * Protobuf request bodies exactly as kubectl 1.33 sent them for the create generators of the
 * later kinds (captured from `kubectl create configmap proto-cm --from-literal=key=value
 * --from-literal=other=2`, `create serviceaccount proto-sa`, `create role proto-role
 * --verb=get,list --resource=pods[,services --resource-name=x]`, `create clusterrole proto-cr
 * --verb=get --non-resource-url=/healthz`, `create clusterrole proto-agg
 * --aggregation-rule=rbac.example.com/aggregate-to-view=true`, `create rolebinding proto-rb
 * --clusterrole=view --user=alice --group=team-a --serviceaccount=default:proto-sa`,
 * `create clusterrolebinding proto-crb --clusterrole=proto-cr --user=bob` and `create pdb
 * proto-pdb --selector=app=web --max-unavailable=25%`), decoded, and one created over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import { decodeProtobufObject } from './protobuf';
import { startCore } from '../apiserver/testing/support';
import { clusterFetch } from '../testing/cluster-fetch';

const CONFIG_MAP =
  'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjQKGAoIcHJvdG8tY20SABoAIgAqADIAOABCABIMCgNrZXkSBXZhbHVlEgoKBW90aGVyEgEyGgAiAA==';
const SERVICE_ACCOUNT =
  'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSGgoYCghwcm90by1zYRIAGgAiACoAMgA4AEIAGgAiAA==';
const ROLE_TWO_RESOURCES =
  'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEj4KGgoKcHJvdG8tcm9sZRIAGgAiACoAMgA4AEIAEiAKA2dldAoEbGlzdBIAGgRwb2RzGghzZXJ2aWNlcyIBeBoAIgA=';
const ROLE =
  'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEjEKGgoKcHJvdG8tcm9sZRIAGgAiACoAMgA4AEIAEhMKA2dldAoEbGlzdBIAGgRwb2RzGgAiAA==';
const CLUSTER_ROLE =
  'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRIrChgKCHByb3RvLWNyEgAaACIAKgAyADgAQgASDwoDZ2V0KggvaGVhbHRoehoAIgA=';
const AGGREGATED_ROLE =
  'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRJLChkKCXByb3RvLWFnZxIAGgAiACoAMgA4AEIAGi4KLAoqCiJyYmFjLmV4YW1wbGUuY29tL2FnZ3JlZ2F0ZS10by12aWV3EgR0cnVlGgAiAA==';
const ROLE_BINDING =
  'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxLLAQoYCghwcm90by1yYhIAGgAiACoAMgA4AEIAEioKBFVzZXISGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8aBWFsaWNlIgASLAoFR3JvdXASGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8aBnRlYW0tYSIAEiUKDlNlcnZpY2VBY2NvdW50EgAaCHByb3RvLXNhIgdkZWZhdWx0Gi4KGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SC0NsdXN0ZXJSb2xlGgR2aWV3GgAiAA==';
const CLUSTER_ROLE_BINDING =
  'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSeQoZCglwcm90by1jcmISABoAIgAqADIAOABCABIoCgRVc2VyEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgNib2IiABoyChlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvEgtDbHVzdGVyUm9sZRoIcHJvdG8tY3IaACIA';
const PDB =
  'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSQgoZCglwcm90by1wZGISABoAIgAqADIAOABCABIZEgwKCgoDYXBwEgN3ZWIaCQgBEAAaAzI1JRoKCAAYACAAKAAwABoAIgA=';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const G = 'rbac.authorization.k8s.io';

describe('protobuf bodies of the later kinds', () => {
  it('kubectl create configmap', () => {
    assert.deepEqual(decodeProtobufObject(bytes(CONFIG_MAP), 'ConfigMap'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'proto-cm' },
      data: { key: 'value', other: '2' },
    });
  });
  it('kubectl create serviceaccount', () => {
    assert.deepEqual(decodeProtobufObject(bytes(SERVICE_ACCOUNT), 'ServiceAccount'), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'proto-sa' },
    });
  });
  it('kubectl create role', () => {
    assert.deepEqual(decodeProtobufObject(bytes(ROLE), 'Role').rules, [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
    ]);
    assert.deepEqual(decodeProtobufObject(bytes(ROLE_TWO_RESOURCES), 'Role').rules, [
      {
        verbs: ['get', 'list'],
        apiGroups: [''],
        resources: ['pods', 'services'],
        resourceNames: ['x'],
      },
    ]);
  });
  it('kubectl create clusterrole, with non-resource URLs or an aggregation rule', () => {
    assert.deepEqual(decodeProtobufObject(bytes(CLUSTER_ROLE), 'ClusterRole').rules, [
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ]);
    const aggregated = decodeProtobufObject(bytes(AGGREGATED_ROLE), 'ClusterRole');
    assert.equal(aggregated.rules, undefined);
    assert.deepEqual(aggregated.aggregationRule, {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-view': 'true' } }],
    });
  });
  it('kubectl create rolebinding and clusterrolebinding', () => {
    const rb = decodeProtobufObject(bytes(ROLE_BINDING), 'RoleBinding');
    assert.deepEqual(rb.roleRef, { apiGroup: G, kind: 'ClusterRole', name: 'view' });
    assert.deepEqual(rb.subjects, [
      { kind: 'User', apiGroup: G, name: 'alice' },
      { kind: 'Group', apiGroup: G, name: 'team-a' },
      { kind: 'ServiceAccount', name: 'proto-sa', namespace: 'default' },
    ]);
    const crb = decodeProtobufObject(bytes(CLUSTER_ROLE_BINDING), 'ClusterRoleBinding');
    assert.deepEqual(crb.roleRef, { apiGroup: G, kind: 'ClusterRole', name: 'proto-cr' });
  });
  it('kubectl create poddisruptionbudget', () => {
    assert.deepEqual(decodeProtobufObject(bytes(PDB), 'PodDisruptionBudget'), {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'proto-pdb' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '25%' },
    });
  });
});

describe('protobuf creates of the later kinds over HTTP', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startCore();
  });
  after(async () => {
    await emulator.stop();
  });
  it('stores the rolebinding with its defaults and answers JSON', async () => {
    const res = await clusterFetch(
      `${emulator.url}/apis/${G}/v1/namespaces/default/rolebindings?fieldManager=kubectl-create&fieldValidation=Strict`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/vnd.kubernetes.protobuf',
          accept: 'application/vnd.kubernetes.protobuf, */*',
        },
        body: bytes(ROLE_BINDING),
      },
    );
    assert.equal(res.status, 201);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as { metadata: { namespace: string }; subjects: unknown[] };
    assert.equal(body.metadata.namespace, 'default');
    assert.equal(body.subjects.length, 3);
  });
});
