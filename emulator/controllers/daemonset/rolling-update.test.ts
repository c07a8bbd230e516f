/**
 * planRollingUpdate against upstream update.go rollingUpdate: a terminating pod holds its Node
 * (unavailable, never deleted again, no replacement planned beside it without surge), the
 * maxUnavailable budget, and with maxSurge the new pod beside the old, the old deleted once the
 * new one is available.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { REVISION_LABEL, allowsSurge, planRollingUpdate } from './rolling-update';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function pod(
  name: string,
  revision: string,
  opts: { ready?: boolean; deleting?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { [REVISION_LABEL]: revision },
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'False' : 'True',
          lastTransitionTime: '2025-12-31T00:00:00Z',
        },
      ],
    },
  };
}

const plan = (
  byNode: Record<string, KubeObject[]>,
  rollingUpdate: { maxUnavailable?: number | string; maxSurge?: number | string },
) =>
  planRollingUpdate({
    rollingUpdate,
    desired: Object.keys(byNode).length,
    byNode: new Map(Object.entries(byNode)),
    hash: 'new',
    minReadySeconds: 0,
    now: NOW,
  });

const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name);

describe('DaemonSet rolling update plan', () => {
  it('maxSurge 0: a Node whose old pod is terminating is unavailable and gets nothing planned', () => {
    const result = plan(
      {
        'node-1': [pod('a', 'old', { deleting: true })],
        'node-2': [pod('b', 'old')],
      },
      { maxUnavailable: 1 },
    );
    assert.deepEqual(names(result.remove), [], 'the budget of one is spent on node-1');
    assert.deepEqual(result.createOn, []);
  });

  it('maxSurge 0: old available pods go within maxUnavailable, unavailable ones at once', () => {
    const result = plan(
      {
        'node-1': [pod('a', 'old')],
        'node-2': [pod('b', 'old')],
        'node-3': [pod('c', 'old', { ready: false })],
        'node-4': [pod('d', 'new')],
      },
      { maxUnavailable: 2 },
    );
    assert.deepEqual(names(result.remove), ['c', 'a', 'b']);
    assert.deepEqual(
      names(plan({ 'node-1': [pod('a', 'old')], 'node-2': [pod('b', 'old')] }, {}).remove),
      ['a'],
      'both bounds 0 (invalid): upstream falls back to one unavailable',
    );
  });

  it('maxSurge 1: a new pod beside the old on one Node; the old goes once the new is available', () => {
    const start = plan(
      { 'node-1': [pod('a', 'old')], 'node-2': [pod('b', 'old')] },
      { maxUnavailable: 0, maxSurge: 1 },
    );
    assert.deepEqual(start, { remove: [], createOn: ['node-1'] });

    const waiting = plan(
      {
        'node-1': [pod('a', 'old'), pod('a2', 'new', { ready: false })],
        'node-2': [pod('b', 'old')],
      },
      { maxUnavailable: 0, maxSurge: 1 },
    );
    assert.deepEqual(waiting, { remove: [], createOn: [] }, 'the surge is spent on node-1');

    const available = plan(
      {
        'node-1': [pod('a', 'old'), pod('a2', 'new')],
        'node-2': [pod('b', 'old'), pod('b2', 'old', { ready: false, deleting: true })],
      },
      { maxUnavailable: 0, maxSurge: 1 },
    );
    assert.deepEqual(names(available.remove), ['a']);
    assert.deepEqual(available.createOn, ['node-2'], 'a terminating pod does not hold a surge');
  });

  it('maxSurge: an old pod that is not available gets its replacement at once, past the bound', () => {
    const result = plan(
      {
        'node-1': [pod('a', 'old'), pod('a2', 'new', { ready: false })],
        'node-2': [pod('b', 'old', { ready: false })],
      },
      { maxUnavailable: 0, maxSurge: 1 },
    );
    assert.deepEqual(result, { remove: [], createOn: ['node-2'] });
  });

  it('allowsSurge reads maxSurge as a count or a percentage of one Node', () => {
    assert.equal(allowsSurge({ maxSurge: 0 }), false);
    assert.equal(allowsSurge(undefined), false);
    assert.equal(allowsSurge({ maxSurge: 1 }), true);
    assert.equal(allowsSurge({ maxSurge: '10%' }), true);
  });
});
