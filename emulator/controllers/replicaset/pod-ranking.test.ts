/**
 * The ReplicaSet's scale-down order, ported from upstream controller_utils_test.go
 * TestSortingActivePodsWithRanks (pure; the controller itself is pinned black box by
 * deployment/deployment-controller.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { deleteFirst } from './pod-ranking';

describe('ReplicaSet pod ranking (controller_utils_test.go)', () => {
  it('TestSortingActivePodsWithRanks: unassigned < pending < running, not ready < ready, crowded nodes, newer ready, restarts, newer', () => {
    const pod = (
      name: string,
      o: {
        node?: string;
        phase?: string;
        ready?: boolean;
        readySince?: string;
        restarts?: number;
        created?: string;
      },
    ): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
      spec: { nodeName: o.node ?? '' },
      status: {
        phase: o.phase ?? 'Running',
        conditions: [
          {
            type: 'Ready',
            status: o.ready === false ? 'False' : 'True',
            lastTransitionTime: o.readySince ?? '2025-01-01T00:00:00Z',
          },
        ],
        containerStatuses: [{ restartCount: o.restarts ?? 0 }],
      },
    });
    const rank = (p: KubeObject) => ((p.spec as { nodeName?: string }).nodeName === 'busy' ? 3 : 1);
    const list = [
      pod('older', { node: 'n' }),
      pod('restarted', { node: 'n', restarts: 3 }),
      pod('newly-ready', { node: 'n', readySince: '2025-06-01T00:00:00Z' }),
      pod('crowded', { node: 'busy' }),
      pod('not-ready', { node: 'n', ready: false }),
      pod('pending', { node: 'n', phase: 'Pending', ready: false }),
      pod('unassigned', { phase: 'Pending', ready: false }),
      pod('newer', { node: 'n', created: '2025-02-01T00:00:00Z' }),
    ];
    const sorted = [...list].sort((a, b) =>
      deleteFirst(a, b, rank) ? -1 : deleteFirst(b, a, rank) ? 1 : 0,
    );
    assert.deepEqual(
      sorted.map((p) => p.metadata.name),
      [
        'unassigned',
        'pending',
        'not-ready',
        'crowded',
        'newly-ready',
        'restarted',
        'newer',
        'older',
      ],
    );
  });
});
