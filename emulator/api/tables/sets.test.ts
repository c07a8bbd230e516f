// StatefulSet and DaemonSet Tables: upstream's printStatefulSet and printDaemonSet columns and
// cells, `-o wide` columns at priority 1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cells, columns, meta, table } from './testing/table';

const containers = [
  { name: 'pg', image: 'postgres:16' },
  { name: 'exporter', image: 'exporter:1' },
];

describe('apps/v1 set tables', () => {
  it('statefulsets: READY is ready/desired', () => {
    const t = table('statefulsets', [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta('db'),
        spec: { replicas: 3, template: { spec: { containers } } },
        status: { replicas: 3, readyReplicas: 2 },
      },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Ready', 'Age', '[Containers]', '[Images]']);
    assert.deepEqual(cells(t), [['db', '2/3', '5m', 'pg,exporter', 'postgres:16,exporter:1']]);
  });
  it('daemonsets: scheduling counts, node selector, and the selector with -o wide', () => {
    const t = table('daemonsets', [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta('agent'),
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { spec: { containers, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
        },
        status: {
          desiredNumberScheduled: 3,
          currentNumberScheduled: 3,
          numberReady: 2,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta('bare', 90000),
        spec: { selector: {}, template: { spec: { containers: [] } } },
        status: {},
      },
    ]);
    assert.deepEqual(columns(t), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      '[Containers]',
      '[Images]',
      '[Selector]',
    ]);
    assert.deepEqual(cells(t), [
      [
        'agent',
        3,
        3,
        2,
        3,
        2,
        'kubernetes.io/os=linux',
        '5m',
        'pg,exporter',
        'postgres:16,exporter:1',
        'app=agent',
      ],
      ['bare', 0, 0, 0, 0, 0, '<none>', '25h', '', '', '<none>'],
    ]);
  });
});
