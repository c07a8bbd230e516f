// Node, Namespace and Event Tables: columns and cells as kubectl prints them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { ago, cells, columns, meta, table } from './testing/table';

describe('cluster kinds tables', () => {
  it('nodes', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        ...meta('node-1', 7200),
        namespace: undefined,
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.3' }],
        nodeInfo: {
          kubeletVersion: 'v1.33.0',
          osImage: 'Debian',
          kernelVersion: '6.8',
          containerRuntimeVersion: 'containerd://2.1.3',
        },
      },
    };
    const t = table('nodes', [node]);
    assert.deepEqual(columns(t), [
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      '[Internal-IP]',
      '[External-IP]',
      '[OS-Image]',
      '[Kernel-Version]',
      '[Container-Runtime]',
    ]);
    assert.deepEqual(cells(t), [
      [
        'node-1',
        'Ready,SchedulingDisabled',
        'control-plane',
        '120m',
        'v1.33.0',
        '172.18.0.3',
        '<none>',
        'Debian',
        '6.8',
        'containerd://2.1.3',
      ],
    ]);
  });
  it('namespaces', () => {
    const t = table('namespaces', [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('shop', 86400 * 3),
        status: { phase: 'Terminating' },
      },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Status', 'Age']);
    assert.deepEqual(cells(t), [['shop', 'Terminating', '3d']]);
  });
  it('events', () => {
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.1'),
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container  ',
      involvedObject: {
        kind: 'Pod',
        name: 'web',
        namespace: 'default',
        fieldPath: 'spec.containers{c}',
      },
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 7,
    };
    const t = table('events', [ev]);
    assert.deepEqual(columns(t), [
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      '[Subobject]',
      '[Source]',
      'Message',
      '[First Seen]',
      '[Count]',
      '[Name]',
    ]);
    assert.deepEqual(cells(t), [
      [
        '30s',
        'Warning',
        'BackOff',
        'pod/web',
        'spec.containers{c}',
        'kubelet, node-1',
        'Back-off restarting failed container',
        '10m',
        7,
        'web.1',
      ],
    ]);
  });
});
