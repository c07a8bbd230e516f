import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldError } from '@/lib/topology/validation';
import { byRow, firstInvalid, isMarked, neighbourOf, rowField } from './row-errors';

const error = (field: string): FieldError => ({ field, message: field });

describe('row errors', () => {
  const rows = { addresses: [11, 12, 13], ports: [21, 22] };

  it('keys each error by the row it was found in', () => {
    const keyed = byRow(
      [
        error('name'),
        error('addresses.1'),
        error('addresses'),
        error('ports.1.name'),
        error('ports.0.port'),
      ],
      rows,
    );
    assert.deepEqual(
      keyed.map((e) => e.field),
      ['name', 'addresses#12', 'addresses', 'ports#22.name', 'ports#21.port'],
    );
  });

  it('an error goes away with its row, and never moves onto the next one', () => {
    const keyed = byRow([error('addresses.0'), error('ports.0.name')], rows);
    // The first address row and the first port row are removed: rows 12 and 22 move up.
    const shown = (field: string) => keyed.filter((e) => e.field === field);
    assert.deepEqual(shown(rowField('addresses', 12)), []);
    assert.deepEqual(shown(rowField('ports', 22, 'name')), []);
    assert.equal(shown(rowField('addresses', 11)).length, 1);
  });

  it('drops a position no submitted row had', () => {
    assert.deepEqual(byRow([error('addresses.7')], rows), []);
  });

  it('finds the first invalid field in the order the form shows them', () => {
    const fields = ['namespace', 'name', 'addresses#12', 'addresses#11', 'ports#21.port', 'form'];
    const errors = [error('ports#21.port'), error('addresses#11'), error('addresses#12')];
    assert.equal(firstInvalid(errors, fields), 'addresses#12');
    assert.equal(firstInvalid([error('form')], fields), 'form');
    assert.equal(firstInvalid([error('objects.1')], fields), 'objects.1');
    assert.equal(firstInvalid([], fields), undefined);
  });

  it("keys a list error's marks by row, and the first marked row is the one to focus", () => {
    const family = { ...error('addresses'), marks: ['addresses.2', 'addresses.0', 'addresses.9'] };
    const keyed = byRow([family], rows);
    // Position 9 was never submitted: its mark goes, the error stays on its list.
    assert.deepEqual(keyed[0]?.marks, ['addresses#13', 'addresses#11']);
    assert.ok(isMarked(keyed, 'addresses#11'));
    assert.ok(!isMarked(keyed, 'addresses#12'));
    const fields = ['name', 'addresses#11', 'addresses#12', 'addresses#13', 'addresses'];
    assert.equal(firstInvalid(keyed, fields), 'addresses#11');
  });
});

describe('the row that takes the focus after a removal', () => {
  const rows = [{ id: 0 }, { id: 5 }, { id: 6 }];
  it('is the next row, else the previous one, else none', () => {
    assert.equal(neighbourOf(rows, 0), 5);
    assert.equal(neighbourOf(rows, 5), 6);
    assert.equal(neighbourOf(rows, 6), 5);
    assert.equal(neighbourOf([{ id: 0 }], 0), undefined);
    assert.equal(neighbourOf(rows, 42), undefined);
  });
});
