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

describe('ExternalName: what DNS said, as evidence the panel shows', () => {
  const dnsOf = (d: ReturnType<typeof diagnose>) =>
    d.reasons.flatMap((r) => r.evidence).find((e) => e.kind === 'DNS')?.value;

  it('the addresses a lookup found, a failure, a lookup not made', () => {
    const f = FIXTURES['external-name-unresolved']();
    const ok = { 'payments.invalid': { ok: true, addresses: ['192.0.2.7', '192.0.2.8'] } };
    assert.equal(dnsOf(diagnose(f.snapshot, f.ns, f.name, ok)), 'resolves to 192.0.2.7, 192.0.2.8');
    assert.equal(dnsOf(diagnose(f.snapshot, f.ns, f.name, f.dns)), 'does not resolve (ENOTFOUND)');
    assert.equal(dnsOf(diagnose(f.snapshot, f.ns, f.name)), undefined);
  });

  it('a simulated cluster is not looked up: never "lookup succeeded"', () => {
    const f = FIXTURES['external-name-unresolved']();
    const skipped = {
      'payments.invalid': {
        ok: true,
        skipped: true,
        error: 'not looked up: the embedded cluster is simulated',
      },
    };
    const d = diagnose(f.snapshot, f.ns, f.name, skipped);
    assert.equal(
      reason(d, 'healthy').summary,
      'Points at payments.invalid by DNS; not looked up: the embedded cluster is simulated.',
    );
    assert.equal(dnsOf(d), 'not looked up: the embedded cluster is simulated');
    const unasked = diagnose(f.snapshot, f.ns, f.name, {});
    assert.equal(
      reason(unasked, 'healthy').summary,
      'Points at payments.invalid by DNS; not looked up.',
    );
  });
});
