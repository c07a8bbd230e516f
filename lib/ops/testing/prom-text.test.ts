/** The test parser of the Prometheus text format: labelled histograms, escapes, special values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, Registry } from 'prom-client';
import { find, parsePrometheusText, valueOf } from './prom-text';

test('labelled histograms keep every bucket per label set', async () => {
  const registry = new Registry();
  const h = new Histogram({
    name: 't_seconds',
    help: 'h',
    labelNames: ['kind'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  h.observe({ kind: 'Pod' }, 0.05);
  h.observe({ kind: 'Pod' }, 0.5);
  h.observe({ kind: 'Service' }, 5);
  const e = parsePrometheusText(await registry.metrics());
  assert.equal(e.types.get('t_seconds'), 'histogram');
  assert.equal(valueOf(e, 't_seconds_bucket', { kind: 'Pod', le: '0.1' }), 1);
  assert.equal(valueOf(e, 't_seconds_bucket', { kind: 'Pod', le: '1' }), 2);
  assert.equal(valueOf(e, 't_seconds_bucket', { kind: 'Pod', le: '+Inf' }), 2);
  assert.equal(valueOf(e, 't_seconds_bucket', { kind: 'Service', le: '1' }), 0);
  assert.equal(valueOf(e, 't_seconds_count', { kind: 'Service' }), 1);
  assert.equal(valueOf(e, 't_seconds_sum', { kind: 'Service' }), 5);
  assert.equal(find(e, 't_seconds_bucket').length, 6);
});

test('escaped label values, special values and timestamps', () => {
  const e = parsePrometheusText(
    [
      '# HELP x a help line',
      '# TYPE x gauge',
      'x{a="q\\"uote",b="back\\\\slash",c="new\\nline"} +Inf 1700000000000',
      'x{a="z"} NaN',
      'y -1.5e3',
    ].join('\n'),
  );
  assert.deepEqual(e.samples[0]!.labels, { a: 'q"uote', b: 'back\\slash', c: 'new\nline' });
  assert.equal(e.samples[0]!.value, Infinity);
  assert.ok(Number.isNaN(valueOf(e, 'x', { a: 'z' })));
  assert.equal(valueOf(e, 'y'), -1500);
  assert.throws(() => parsePrometheusText('x{a="unterminated} 1'));
  assert.throws(() => parsePrometheusText('x{a="b"} notanumber'));
});
