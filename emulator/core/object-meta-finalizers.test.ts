/**
 * Finalizer names: apimachinery's ValidateFinalizers (objectmeta_test.go
 * TestValidateFinalizersErrorMsg, TestValidateFinalizersPreventConflictingFinalizers) and core's
 * validateKubeFinalizerName, with the two paths a real apiserver reports for one bad name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  validateCoreFinalizerName,
  validateMetaFinalizers,
  validateObjectMeta,
} from './object-meta-validation';
import { nameIsDNSSubdomain } from './names';
import type { FieldCause } from './types';

const rendered = (causes: FieldCause[]) => causes.map((c) => `${c.field}: ${c.message}`);
const QUALIFIED =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const NOT_STANDARD = 'name is neither a standard finalizer name nor is it fully qualified';

describe('metadata.finalizers', () => {
  it('accepts the standard names and domain-qualified ones', () => {
    for (const f of [
      'kubernetes',
      'orphan',
      'foregroundDeletion',
      'example.com/x',
      'kubernetes.io/pvc-protection',
      'foo.com/bar',
    ])
      assert.deepEqual(validateMetaFinalizers([f]), [], f);
  });

  it('a bad qualified name: apimachinery unindexed, then core at the index', () => {
    assert.deepEqual(rendered(validateMetaFinalizers(['example.com/x', 'bad finalizer'])), [
      `metadata.finalizers: Invalid value: "bad finalizer": ${QUALIFIED}`,
      `metadata.finalizers[1]: Invalid value: "bad finalizer": ${NOT_STANDARD}`,
    ]);
  });

  it('a well-formed name without a domain is only core’s error', () => {
    // TestValidateObjectMeta… "Add finalizer without domain" style: "nofqdn".
    assert.deepEqual(rendered(validateMetaFinalizers(['nofqdn'])), [
      `metadata.finalizers[0]: Invalid value: "nofqdn": ${NOT_STANDARD}`,
    ]);
    assert.deepEqual(rendered(validateMetaFinalizers(['Foo'])), [
      `metadata.finalizers[0]: Invalid value: "Foo": ${NOT_STANDARD}`,
    ]);
  });

  it('TestValidateFinalizersPreventConflictingFinalizers: orphan with foregroundDeletion', () => {
    assert.deepEqual(rendered(validateMetaFinalizers(['orphan', 'foregroundDeletion'])), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  it('a prefix that is not a DNS subdomain', () => {
    const [first] = validateMetaFinalizers(['Bad_Prefix/x']);
    assert.equal(first?.field, 'metadata.finalizers');
    assert.match(
      first?.message ?? '',
      /^Invalid value: "Bad_Prefix\/x": prefix part a lowercase RFC 1123 subdomain/,
    );
  });

  it('ValidateObjectMeta runs them for every kind', () => {
    const causes = validateObjectMeta(
      { name: 'a', namespace: 'default', finalizers: ['nofqdn'] },
      true,
      nameIsDNSSubdomain,
    );
    assert.deepEqual(rendered(causes), [
      `metadata.finalizers[0]: Invalid value: "nofqdn": ${NOT_STANDARD}`,
    ]);
  });
});

describe('Namespace spec.finalizers (validateFinalizerName)', () => {
  it('both checks at the one path the caller gives', () => {
    assert.deepEqual(rendered(validateCoreFinalizerName('Foo', 'spec.finalizers[0]')), [
      `spec.finalizers[0]: Invalid value: "Foo": ${NOT_STANDARD}`,
    ]);
    assert.deepEqual(rendered(validateCoreFinalizerName('a b', 'spec.finalizers')), [
      `spec.finalizers: Invalid value: "a b": ${QUALIFIED}`,
      `spec.finalizers: Invalid value: "a b": ${NOT_STANDARD}`,
    ]);
    assert.deepEqual(validateCoreFinalizerName('foo.com/bar', 'spec.finalizers[0]'), []);
    assert.deepEqual(validateCoreFinalizerName('kubernetes', 'spec.finalizers[0]'), []);
  });
});
