import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: truncation', () => {
  it('endpoints-truncated says how many of how many', () => {
    const f = FIXTURES['endpoints-truncated']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'endpoints-truncated');
    assert.match(r.summary, /lists 1000 of 1200 addresses/);
    assert.equal(d.health, 'warning');
    assert.ok(!codes(d).includes('endpoints-slices-disagree'));
  });
});
