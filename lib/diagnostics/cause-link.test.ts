import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '../api/diagnostics';
import { causeChange, causeText } from './cause-link';

const selector: TimelineEntry = {
  at: '2026-11-26T12:19:30.000Z',
  type: 'spec',
  field: 'selector',
  from: 'app=nginx',
  to: 'app=ngnix',
  by: { manager: 'kubectl-edit', operation: 'Update', time: '2026-11-26T12:19:30Z' },
};
const removed: TimelineEntry = {
  at: '2026-11-26T12:19:30.000Z',
  type: 'endpoint',
  change: 'removed',
  address: '10.244.0.2',
};
const scaled: TimelineEntry = {
  at: '2026-11-26T12:25:00.000Z',
  type: 'workload',
  workload: { kind: 'Deployment', name: 'api' },
  field: 'replicas',
  from: '2',
  to: '0',
  by: { manager: 'kubectl', operation: 'Update', subresource: 'scale' },
};

describe('causeChange: a reason code joined to the change that explains it', () => {
  it('a selector typo links to the selector change, with who and when', () => {
    const entry = causeChange('selector-matches-no-pods', [selector, removed]);
    assert.equal(entry, selector);
    assert.equal(
      causeText(entry!, '12:19:30'),
      'Service selector changed app=nginx → app=ngnix at 12:19:30 by kubectl-edit (Update)',
    );
  });

  it('the newest explaining change wins; scaled-to-zero names the scale', () => {
    assert.equal(causeChange('no-endpoints', [selector, removed, scaled]), scaled);
    assert.equal(
      causeText(causeChange('scaled-to-zero', [selector, scaled])!, '12:25:00'),
      'Deployment api scaled: replicas 2 → 0 at 12:25:00 by kubectl (Update, scale subresource)',
    );
  });

  it('scaled-to-zero is never explained by a scale to anything but 0', () => {
    const up: TimelineEntry = { ...scaled, at: '2026-11-26T12:30:00.000Z', from: '0', to: '4' };
    assert.equal(causeChange('scaled-to-zero', [up]), undefined);
    assert.equal(causeChange('scaled-to-zero', [scaled, up]), scaled);
  });

  it('nothing when the trail holds no such change, or for a code nothing explains', () => {
    assert.equal(causeChange('selector-matches-no-pods', [removed]), undefined);
    assert.equal(causeChange('endpoint-address-loopback', [selector]), undefined);
    assert.equal(causeChange('no-such-code', [selector]), undefined);
  });

  it('a rollout links to the image change that started it, recorded at the same moment', () => {
    const at = '2026-11-26T12:30:00.000Z';
    const image: TimelineEntry = {
      at,
      type: 'workload',
      workload: { kind: 'Deployment', name: 'cart' },
      field: 'image',
      from: 'cart:1.4',
      to: 'cart:1.5-bad',
      by: { manager: 'kubectl-set', operation: 'Update' },
    };
    const started: TimelineEntry = {
      at,
      type: 'rollout',
      workload: { kind: 'Deployment', name: 'cart' },
      phase: 'started',
      revision: '7',
    };
    assert.equal(causeChange('rollout-stuck', [image, started]), image);
    assert.equal(causeChange('rollout-stuck', [started]), started);
  });
});

describe('causeChange: a finished rollout explains nothing now', () => {
  const rollout = (
    at: string,
    phase: 'started' | 'finished',
    revision: string,
    name = 'web',
  ): TimelineEntry => ({
    at,
    type: 'rollout',
    workload: { kind: 'Deployment', name },
    phase,
    revision,
  });
  const image: TimelineEntry = {
    at: '2026-11-26T12:30:00.000Z',
    type: 'workload',
    workload: { kind: 'Deployment', name: 'web' },
    field: 'image',
    from: 'web:1.0',
    to: 'web:2.0',
    by: { manager: 'kubectl-set', operation: 'Update' },
  };
  const started = rollout('2026-11-26T12:30:00.000Z', 'started', '4');
  const finished = rollout('2026-11-26T12:30:05.000Z', 'finished', '4');

  it('scaled to zero after a rollout that finished: no-ready-endpoints names no rollout', () => {
    const down: TimelineEntry = { ...scaled, at: '2026-11-26T12:35:00.000Z', from: '4', to: '0' };
    const trail = [image, started, finished, down];
    assert.equal(causeChange('no-ready-endpoints', trail), undefined);
    assert.equal(causeChange('pods-not-ready', trail), undefined);
    assert.equal(causeChange('pods-terminating', trail), down);
  });

  it('a rollout started after the last one finished is the cause, not the finished one', () => {
    const next = rollout('2026-11-26T12:40:00.000Z', 'started', '5');
    const trail = [image, started, finished, next];
    assert.equal(causeChange('rollout-stuck', trail), next);
    assert.equal(causeChange('rollout-in-progress', trail), next);
  });

  it("another workload's finished rollout does not hide this one's", () => {
    const other = rollout('2026-11-26T12:30:05.000Z', 'finished', '9', 'api');
    assert.equal(causeChange('rollout-stuck', [image, started, other]), image);
  });
});

describe('causeChange: pods-terminating', () => {
  it('a rollout or a scale-down explains terminating pods; a scale-up does not', () => {
    const started: TimelineEntry = {
      at: '2026-11-26T12:40:00.000Z',
      type: 'rollout',
      workload: { kind: 'StatefulSet', name: 'db' },
      phase: 'started',
      revision: 'db-7c9d',
    };
    const down: TimelineEntry = { ...scaled, at: '2026-11-26T12:45:00.000Z', from: '3', to: '2' };
    const up: TimelineEntry = { ...scaled, at: '2026-11-26T12:50:00.000Z', from: '2', to: '3' };
    assert.equal(causeChange('pods-terminating', [started]), started);
    assert.equal(causeChange('pods-terminating', [started, down, up]), down);
    assert.equal(causeChange('pods-terminating', [up, selector]), undefined);
  });
});

describe('causeText: one sentence', () => {
  it('a quoted message that ends its own sentence loses that full stop before "at"', () => {
    const stalled: TimelineEntry = {
      at: '2026-11-26T06:34:46.000Z',
      type: 'rollout',
      workload: { kind: 'Deployment', name: 'report-builder' },
      phase: 'stalled',
      revision: '1',
      message: 'ReplicaSet "report-builder-6d5f" has timed out progressing.',
    };
    assert.equal(
      causeText(stalled, '06:34:46'),
      'Deployment report-builder rollout stalled (revision 1): ReplicaSet "report-builder-6d5f" has timed out progressing at 06:34:46',
    );
  });
});
