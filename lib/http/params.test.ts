import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemTypeOf } from '../api/problem';
import { ProblemError } from './api-route';
import {
  failServiceNotFound,
  instantParam,
  parseInstant,
  serviceParams,
  serviceQuery,
} from './params';

function problemFrom(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ProblemError);
    return error.problem;
  }
  assert.fail('expected a problem');
}

describe('parseInstant', () => {
  it('reads RFC 3339 instants, any zone, any fraction', () => {
    assert.equal(parseInstant('2025-01-02T03:04:05Z'), Date.UTC(2025, 0, 2, 3, 4, 5));
    assert.equal(parseInstant('2025-01-02T03:04:05.250Z'), Date.UTC(2025, 0, 2, 3, 4, 5, 250));
    assert.equal(parseInstant('2025-01-02t05:04:05+02:00'), Date.UTC(2025, 0, 2, 3, 4, 5));
    assert.equal(parseInstant(new Date(1_700_000_000_123).toISOString()), 1_700_000_000_123);
  });

  it('refuses what Date.parse would guess at', () => {
    for (const text of [
      '-1',
      '0',
      '1700000000',
      'yesterday',
      '2025-01-02',
      '2025-01-02T03:04Z',
      '2025-01-02T03:04:05',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T00:00:60Z',
      '2025-01-01T00:00:00+24:00',
      ' 2025-01-02T03:04:05Z',
    ]) {
      assert.equal(parseInstant(text), undefined, text);
    }
  });
});

describe('instantParam and serviceParams', () => {
  it('absent is undefined; malformed is a 400 naming the parameter', () => {
    assert.equal(instantParam(new URL('http://x/t'), 'at'), undefined);
    const p = problemFrom(() => instantParam(new URL('http://x/t?at=-1'), 'at'));
    assert.equal(problemTypeOf(p), 'bad-request');
    assert.deepEqual(
      (p.errors as { field: string }[]).map((e) => e.field),
      ['at'],
    );
  });

  it('a name no Service or namespace can have is a 400 naming each', () => {
    assert.deepEqual(serviceParams({ namespace: 'default', name: 'web' }), {
      namespace: 'default',
      name: 'web',
    });
    const p = problemFrom(() => serviceParams({ namespace: 'Not_OK', name: '9lives' }));
    assert.equal(p.status, 400);
    assert.deepEqual(
      (p.errors as { field: string }[]).map((e) => e.field),
      ['namespace', 'name'],
    );
  });
});

describe('serviceQuery and failServiceNotFound', () => {
  it('reads the Service from the query with the checks of a path, absent as empty', () => {
    assert.deepEqual(serviceQuery(new URL('http://x/t?namespace=default&name=web&x=1')), {
      namespace: 'default',
      name: 'web',
    });
    const bad = problemFrom(() => serviceQuery(new URL('http://x/t?namespace=Not_OK&name=web')));
    assert.equal(problemTypeOf(bad), 'bad-request');
    assert.deepEqual(
      (bad.errors as { field: string }[]).map((e) => e.field),
      ['namespace'],
    );
    const absent = problemFrom(() => serviceQuery(new URL('http://x/t?namespace=default')));
    assert.equal(absent.status, 400);
    assert.deepEqual(
      (absent.errors as { field: string }[]).map((e) => e.field),
      ['name'],
    );
  });

  it('a missing Service is a 404 naming it and its namespace', () => {
    const p = problemFrom(() => failServiceNotFound({ namespace: 'shop', name: 'web' }));
    assert.equal(problemTypeOf(p), 'not-found');
    assert.equal(p.status, 404);
    assert.equal(p.detail, 'service "web" not found in namespace "shop"');
  });
});
