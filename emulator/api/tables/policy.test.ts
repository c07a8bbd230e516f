// NetworkPolicy and PodDisruptionBudget Tables (upstream printNetworkPolicy,
// printPodDisruptionBudget).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cells, columns, meta, table } from './testing/table';

describe('policy tables', () => {
  it('networkpolicies: the pod selector, <none> when it selects every pod', () => {
    const t = table('networkpolicies', [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('db'),
        spec: {
          podSelector: {
            matchLabels: { app: 'db' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
          },
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('default-deny'),
        spec: { podSelector: {} },
      },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Pod-Selector', 'Age']);
    assert.deepEqual(cells(t), [
      ['db', 'app=db,tier in (a,b)', '5m'],
      ['default-deny', '<none>', '5m'],
    ]);
  });
  it('poddisruptionbudgets: N/A for the unset budget field', () => {
    const t = table('poddisruptionbudgets', [
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta('web'),
        spec: { minAvailable: 2 },
        status: { disruptionsAllowed: 1 },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta('db'),
        spec: { maxUnavailable: '25%' },
      },
    ]);
    assert.deepEqual(columns(t), [
      'Name',
      'Min Available',
      'Max Unavailable',
      'Allowed Disruptions',
      'Age',
    ]);
    assert.deepEqual(cells(t), [
      ['web', '2', 'N/A', 1, '5m'],
      ['db', 'N/A', '25%', 0, '5m'],
    ]);
  });
});
