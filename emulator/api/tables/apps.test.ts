// Deployment and ReplicaSet Tables: columns and cells as kubectl prints them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cells, columns, meta, table } from './testing/table';

describe('apps/v1 tables', () => {
  it('deployments and replicasets', () => {
    const spec = {
      replicas: 4,
      selector: {
        matchLabels: { app: 'nginx' },
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['b', 'a'] }],
      },
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.27' },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    };
    const d = table('deployments', [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta('nginx-deployment'),
        spec,
        status: { replicas: 4, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
      },
    ]);
    assert.deepEqual(columns(d), [
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      '[Containers]',
      '[Images]',
      '[Selector]',
    ]);
    // printers.go declares Up-to-date and Available as strings for Deployments (integers for
    // DaemonSets) while the cells are numbers; clients read the declared type.
    assert.deepEqual(
      d.columnDefinitions.map((c) => c.type),
      ['string', 'string', 'string', 'string', 'string', 'string', 'string', 'string'],
    );
    assert.deepEqual(cells(d), [
      [
        'nginx-deployment',
        '2/4',
        3,
        2,
        '5m',
        'nginx,side',
        'nginx:1.27,busybox',
        'app=nginx,tier notin (a,b)',
      ],
    ]);
    const r = table('replicasets', [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: meta('nginx-deployment-abc'),
        spec,
        status: { replicas: 3, readyReplicas: 1 },
      },
    ]);
    assert.deepEqual(columns(r), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Age',
      '[Containers]',
      '[Images]',
      '[Selector]',
    ]);
    assert.deepEqual(cells(r), [
      [
        'nginx-deployment-abc',
        4,
        3,
        1,
        '5m',
        'nginx,side',
        'nginx:1.27,busybox',
        'app=nginx,tier notin (a,b)',
      ],
    ]);
  });
  it('controllerrevisions (printControllerRevision: the controller as kind.group/name)', () => {
    const t = table('controllerrevisions', [
      {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          ...meta('web-6d4cf56db6'),
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'StatefulSet',
              name: 'web',
              uid: 'u1',
              controller: true,
            },
          ],
        },
        data: {},
        revision: 2,
      },
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('orphan'), revision: 1 },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Controller', 'Revision', 'Age']);
    assert.deepEqual(
      t.columnDefinitions.map((c) => c.type),
      ['string', 'string', 'string', 'string'],
    );
    assert.deepEqual(cells(t), [
      ['web-6d4cf56db6', 'statefulset.apps/web', 2, '5m'],
      ['orphan', '<none>', 1, '5m'],
    ]);
  });
});
