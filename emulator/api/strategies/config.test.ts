// ConfigMaps and ServiceAccounts: ValidateConfigMap/ValidateConfigMapUpdate and
// ValidateServiceAccount (pkg/apis/core/validation/validation.go) messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const cm = (extra: Record<string, unknown>, name = 'app-config'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  ...extra,
});

describe('ConfigMap validation', () => {
  const keyRule =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'valid keys and binary data',
      object: cm({
        data: { 'app.properties': 'a=1', KEY_NAME: 'x' },
        binaryData: { 'b.bin': 'AAEC' },
      }),
      want: [],
    },
    {
      name: 'key characters',
      object: cm({ data: { 'a b': 'x' } }),
      want: [`data[a b]: Invalid value: "a b": ${keyRule}`],
    },
    {
      name: 'keys may not be dot paths',
      object: cm({ data: { '..': 'x', '..hidden': 'y' } }),
      want: [
        `data[..]: Invalid value: "..": must not be '..'`,
        `data[..hidden]: Invalid value: "..hidden": must not start with '..'`,
      ],
    },
    {
      name: 'a key in both data and binaryData',
      object: cm({ data: { k: 'x' }, binaryData: { k: 'eA==' } }),
      want: ['data[k]: Invalid value: "k": duplicate of key present in binaryData'],
    },
    {
      name: 'at most 1 MiB in total',
      object: cm({ data: { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(600 * 1024) } }),
      want: [': Too long: may not be more than 1048576 bytes'],
    },
    {
      name: 'names are DNS subdomains',
      object: cm({}, 'Bad_Name'),
      want: [
        "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('configmaps', c.object).causes), c.want));

  it('an immutable ConfigMap keeps its data and stays immutable', () => {
    const before = write('configmaps', cm({ data: { a: '1' }, immutable: true })).object;
    const changed = cm({ data: { a: '2' }, binaryData: { b: 'eA==' }, immutable: false });
    assert.deepEqual(rendered(write('configmaps', changed, { previous: before }).causes), [
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
      'binaryData: Forbidden: field is immutable when `immutable` is set',
    ]);
    const labelled = cm({ data: { a: '1' }, immutable: true });
    labelled.metadata.labels = { tier: 'web' };
    assert.deepEqual(write('configmaps', labelled, { previous: before }).causes, []);
  });
  it('a mutable ConfigMap may change and become immutable', () => {
    const before = write('configmaps', cm({ data: { a: '1' } })).object;
    const after = cm({ data: { a: '2' }, immutable: true });
    assert.deepEqual(write('configmaps', after, { previous: before }).causes, []);
  });
});

describe('ServiceAccount validation', () => {
  it('needs a DNS subdomain name and nothing else', () => {
    const sa = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'default' },
      automountServiceAccountToken: false,
      secrets: [{ name: 'old-token' }],
    });
    assert.deepEqual(write('serviceaccounts', sa('builder')).causes, []);
    assert.deepEqual(
      write('serviceaccounts', sa('UPPER')).causes.map((c) => c.field),
      ['metadata.name'],
    );
  });
});
