/**
 * The words of each trail entry type: what the panel shows (and the e2e finds) for every kind of
 * change, and the author's text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '../api/diagnostics';
import { authorText, entryText } from './trail-text';

const at = '2026-11-26T12:19:30.000Z';
const cart = { kind: 'Deployment', name: 'cart' };

describe('entryText: one wording per entry type', () => {
  const cases: [TimelineEntry, string, boolean][] = [
    [
      { at, type: 'spec', field: 'selector', from: 'app=nginx', to: 'app=ngnix' },
      'Service selector changed app=nginx → app=ngnix',
      true,
    ],
    [
      { at, type: 'spec', field: 'ports', from: '80/TCP→80', to: '80/TCP→8080' },
      'Service ports changed 80/TCP→80 → 80/TCP→8080',
      true,
    ],
    [
      { at, type: 'spec', field: 'type', from: 'ClusterIP', to: 'NodePort' },
      'Service type changed ClusterIP → NodePort',
      true,
    ],
    [{ at, type: 'service', change: 'created' }, 'Service created', true],
    [
      { at, type: 'pod-labels', pod: 'web-1', move: 'left', from: 'app=web', to: '' },
      'Pod web-1 left the selector: labels app=web → (none)',
      true,
    ],
    [
      { at, type: 'pod-labels', pod: 'web-1', move: 'entered', from: '', to: 'app=web' },
      'Pod web-1 entered the selector: labels (none) → app=web',
      true,
    ],
    [
      { at, type: 'workload', workload: cart, field: 'replicas', from: '2', to: '0' },
      'Deployment cart scaled: replicas 2 → 0',
      true,
    ],
    [
      { at, type: 'workload', workload: cart, field: 'image', from: 'cart:1.4', to: 'cart:1.5' },
      'Deployment cart image changed cart:1.4 → cart:1.5',
      true,
    ],
    [
      { at, type: 'workload', workload: cart, field: 'template-labels', from: '', to: 'tier=web' },
      'Deployment cart pod template labels changed (none) → tier=web',
      true,
    ],
    [{ at, type: 'workload', workload: cart, field: 'deleted' }, 'Deployment cart deleted', true],
    [
      { at, type: 'rollout', workload: cart, phase: 'started', revision: '7' },
      'Deployment cart rollout started (revision 7)',
      true,
    ],
    [
      { at, type: 'rollout', workload: cart, phase: 'finished', revision: '7' },
      'Deployment cart rollout finished (revision 7)',
      true,
    ],
    [
      {
        at,
        type: 'rollout',
        workload: cart,
        phase: 'stalled',
        revision: '7',
        message: 'ReplicaSet "cart-x" has timed out progressing.',
      },
      'Deployment cart rollout stalled (revision 7): ReplicaSet "cart-x" has timed out progressing.',
      true,
    ],
    [
      { at, type: 'endpoint', change: 'removed', address: '10.244.0.2', pod: 'web-1' },
      'endpoint 10.244.0.2 (pod web-1) removed',
      false,
    ],
    [
      {
        at,
        type: 'endpoint',
        change: 'changed',
        address: '10.244.0.2',
        from: 'ready',
        to: 'not-ready',
      },
      'endpoint 10.244.0.2 ready → not-ready',
      false,
    ],
    [
      {
        at,
        type: 'event',
        eventType: 'Warning',
        reason: 'Unhealthy',
        message: 'Readiness probe failed',
        object: 'Pod/web-1',
        count: 3,
      },
      'Pod/web-1: Unhealthy — Readiness probe failed (×3)',
      false,
    ],
  ];
  for (const [entry, text, cause] of cases) {
    it(`${entry.type}: ${text}`, () => {
      const words = entryText(entry);
      assert.equal(words.text, text);
      assert.equal(words.cause, cause);
    });
  }

  it('what the hidden glyph says is spoken: a change, a Warning event; nothing for the rest', () => {
    const event = {
      at,
      type: 'event' as const,
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      object: 'Pod/web-1',
      count: 1,
    };
    assert.equal(entryText({ ...event, eventType: 'Warning' }).spoken, 'Warning event: ');
    assert.equal(entryText({ ...event, eventType: 'Normal' }).spoken, undefined);
    assert.equal(
      entryText({ at, type: 'spec', field: 'selector', from: 'app=a', to: 'app=b' }).spoken,
      'Change: ',
    );
    assert.equal(
      entryText({ at, type: 'endpoint', change: 'removed', address: '10.0.0.1', from: 'ready' })
        .spoken,
      undefined,
    );
  });

  it('the author: manager and operation, and the subresource when there is one', () => {
    assert.equal(
      authorText({ manager: 'kubectl-edit', operation: 'Update' }),
      'kubectl-edit (Update)',
    );
    assert.equal(
      authorText({ manager: 'kubectl', operation: 'Update', subresource: 'scale' }),
      'kubectl (Update, scale subresource)',
    );
  });
});
