import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: ExternalName', () => {
  it('external-name-unresolved only when the server lookup failed', () => {
    const f = FIXTURES['external-name-unresolved']();
    const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
    assert.match(
      reason(d, 'external-name-unresolved').summary,
      /payments\.invalid does not resolve \(ENOTFOUND\)/,
    );
    assert.deepEqual(
      codes(diagnose(f.snapshot, f.ns, f.name)),
      ['healthy'],
      'not looked up: no claim',
    );
    assert.deepEqual(
      codes(diagnose(f.snapshot, f.ns, f.name, { 'payments.invalid.': { ok: true } })),
      ['healthy'],
    );
  });
});
