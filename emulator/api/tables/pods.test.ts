// Pod Table: the STATUS/READY/RESTARTS rules of upstream's printPod.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { printPodRow } from './pods';
import { ago, columns, meta, NOW, table } from './testing/table';

describe('pods table', () => {
  const pod = (
    name: string,
    spec: Record<string, unknown>,
    status: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(name, 3600), ...extra },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
    status,
  });
  const running = { running: { startedAt: ago(3000) } };
  it('has the wide columns', () => {
    assert.deepEqual(columns(table('pods', [])), [
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      '[IP]',
      '[Node]',
      '[Nominated Node]',
      '[Readiness Gates]',
    ]);
  });
  const cases: { name: string; pod: KubeObject; want: unknown[] }[] = [
    {
      name: 'running and ready',
      pod: pod(
        'web',
        { nodeName: 'node-1' },
        {
          phase: 'Running',
          podIP: '10.244.1.5',
          podIPs: [{ ip: '10.244.1.5' }],
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
      ),
      want: ['web', '1/1', 'Running', '0', '60m', '10.244.1.5', 'node-1', '<none>', '<none>'],
    },
    {
      name: 'pending, unscheduled',
      pod: pod('p', {}, { phase: 'Pending' }),
      want: ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'ContainerCreating',
      pod: pod(
        'p',
        { nodeName: 'node-2' },
        {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        },
      ),
      want: ['p', '0/1', 'ContainerCreating', '0', '60m', '<none>', 'node-2', '<none>', '<none>'],
    },
    {
      name: 'CrashLoopBackOff with restarts and when',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 5,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(90) } },
            },
          ],
        },
      ),
      want: [
        'p',
        '0/1',
        'CrashLoopBackOff',
        '5 (90s ago)',
        '60m',
        '<none>',
        '<none>',
        '<none>',
        '<none>',
      ],
    },
    {
      name: 'running but not ready',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: running }],
        },
      ),
      want: ['p', '0/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Terminating',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
        { deletionTimestamp: ago(-30) },
      ),
      want: ['p', '1/1', 'Terminating', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Completed',
      pod: pod(
        'p',
        {},
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      ),
      want: ['p', '0/1', 'Completed', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'exit code without reason',
      pod: pod(
        'p',
        {},
        {
          phase: 'Failed',
          containerStatuses: [
            { name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 137 } } },
          ],
        },
      ),
      want: ['p', '0/1', 'ExitCode:137', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Evicted (status.reason)',
      pod: pod('p', {}, { phase: 'Failed', reason: 'Evicted' }),
      want: ['p', '0/1', 'Evicted', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'init containers running',
      pod: pod(
        'p',
        {
          initContainers: [
            { name: 'i1', image: 'x' },
            { name: 'i2', image: 'x' },
          ],
        },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', ready: true, restartCount: 0, state: { terminated: { exitCode: 0 } } },
            { name: 'i2', ready: false, restartCount: 0, state: running },
          ],
        },
      ),
      want: ['p', '0/1', 'Init:1/2', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'init container crash looping',
      pod: pod(
        'p',
        { initContainers: [{ name: 'i1', image: 'x' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'i1',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      ),
      want: [
        'p',
        '0/1',
        'Init:CrashLoopBackOff',
        '3',
        '60m',
        '<none>',
        '<none>',
        '<none>',
        '<none>',
      ],
    },
    {
      name: 'readiness gates',
      pod: pod(
        'p',
        {
          readinessGates: [
            { conditionType: 'www.example.com/feature-1' },
            { conditionType: 'x/y' },
          ],
        },
        {
          phase: 'Running',
          conditions: [{ type: 'www.example.com/feature-1', status: 'True' }],
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
      ),
      want: ['p', '1/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '1/2'],
    },
    {
      name: 'nominated node',
      pod: pod('p', {}, { phase: 'Pending', nominatedNodeName: 'node-3' }),
      want: ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', 'node-3', '<none>'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(printPodRow(c.pod, NOW).cells, c.want));
  it('marks completed pods with a row condition', () => {
    const row = printPodRow(pod('p', {}, { phase: 'Succeeded' }), NOW);
    assert.deepEqual(row.conditions, [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });
});
