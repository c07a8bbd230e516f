// ConfigMap and ServiceAccount Tables: DATA counts data and binaryData keys, SECRETS counts
// the listed secrets (upstream printConfigMap, printServiceAccount).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cells, columns, meta, table } from './testing/table';

describe('config tables', () => {
  it('configmaps', () => {
    const t = table('configmaps', [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('app'),
        data: { a: '1', b: '2' },
        binaryData: { c: 'AA==' },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('empty') },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Data', 'Age']);
    assert.deepEqual(cells(t), [
      ['app', 3, '5m'],
      ['empty', 0, '5m'],
    ]);
  });
  it('serviceaccounts', () => {
    const t = table('serviceaccounts', [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', 7200) },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta('builder'),
        secrets: [{ name: 'builder-token' }],
      },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Secrets', 'Age']);
    assert.deepEqual(cells(t), [
      ['default', 0, '120m'],
      ['builder', 1, '5m'],
    ]);
  });
});
