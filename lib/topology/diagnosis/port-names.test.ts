import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedScenario } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: port names', () => {
  it('port-name-mismatch quotes both names; matching names (the seed) are fine', () => {
    const f = FIXTURES['port-name-mismatch']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'port-name-mismatch');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /"http".*"apache"/);
    assert.ok(
      r.evidence.some(
        (e) => e.kind === 'Service' && e.field === 'spec.ports[0].name' && e.value === 'http',
      ),
    );
    assert.ok(r.evidence.some((e) => e.kind === 'EndpointSlice' && e.value === 'apache'));
    assert.ok(
      !codes(diagnose(seedScenario(), 'default', 'external-web')).includes('port-name-mismatch'),
    );
  });

  it('port-name-mismatch also reads legacy Endpoints when no slice exists', () => {
    const f = FIXTURES['port-name-mismatch']();
    const snap = { ...f.snapshot, endpointSlices: [] };
    const r = reason(diagnose(snap, f.ns, f.name), 'port-name-mismatch');
    assert.ok(r.evidence.some((e) => e.kind === 'Endpoints' && e.value === 'apache'));
  });
});
