/**
 * The name check the edit and delete dialogs' reads and writes start with: a namespace or name no
 * Service can have is the form's `invalid` outcome on `name`, before anything reaches the cluster.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invalidServiceName } from './edit-current';

describe('invalidServiceName', () => {
  it('lets names a Service can have through', () => {
    assert.equal(invalidServiceName('default', 'external-web'), undefined);
  });

  it('answers invalid on the name field for a bad namespace or a bad name, namespace first', () => {
    for (const [namespace, name] of [
      ['Not_OK', 'web'],
      ['default', '9lives'],
      ['default', ''],
      ['', 'web'],
    ] as const) {
      const answer = invalidServiceName(namespace, name);
      assert.ok(answer?.status === 'invalid', `${namespace}/${name}`);
      assert.deepEqual(
        answer.errors.map((e) => e.field),
        ['name'],
      );
      assert.ok(answer.errors[0]?.message, 'says what is wrong');
    }
    const both = invalidServiceName('Not_OK', '9lives');
    assert.ok(both?.status === 'invalid');
    assert.match(both.errors[0]?.message ?? '', /namespace/i);
  });
});
