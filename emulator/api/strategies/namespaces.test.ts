/**
 * Namespaces: namespaceStrategy's PrepareForCreate/PrepareForUpdate for spec.finalizers,
 * ValidateNamespace and ValidateNamespaceFinalizeUpdate (validation_test.go's cases).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertApiError, testStore } from '../../core/testing/store';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const ns = (name: string, finalizers?: string[], metaFinalizers?: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: metaFinalizers ? { name, finalizers: metaFinalizers } : { name },
  ...(finalizers ? { spec: { finalizers } } : {}),
});
const specOf = (o: KubeObject) => o.spec as { finalizers?: string[] };
const NOT_STANDARD = 'name is neither a standard finalizer name nor is it fully qualified';

describe('Namespace spec.finalizers', () => {
  it('create appends kubernetes to what was asked for', () => {
    assert.deepEqual(specOf(write('namespaces', ns('a')).object).finalizers, ['kubernetes']);
    assert.deepEqual(specOf(write('namespaces', ns('b', [])).object).finalizers, ['kubernetes']);
    assert.deepEqual(specOf(write('namespaces', ns('c', ['example.com/x'])).object).finalizers, [
      'example.com/x',
      'kubernetes',
    ]);
    const already = write('namespaces', ns('d', ['kubernetes', 'example.com/x'])).object;
    assert.deepEqual(specOf(already).finalizers, ['kubernetes', 'example.com/x']);
  });

  it('an update keeps the stored spec.finalizers (only /finalize changes them)', () => {
    const previous = write('namespaces', ns('a', ['example.com/x'])).object;
    const dropped = write('namespaces', ns('a', []), { previous }).object;
    assert.deepEqual(specOf(dropped).finalizers, ['example.com/x', 'kubernetes']);
    const added = write('namespaces', ns('a', ['example.com/y']), { previous }).object;
    assert.deepEqual(specOf(added).finalizers, ['example.com/x', 'kubernetes']);
  });

  it('TestValidateNamespace: qualified names pass, others fail at spec.finalizers', () => {
    const ok = write('namespaces', ns('abc-123', ['example.com/something', 'example.com/other']));
    assert.deepEqual(ok.causes, []);
    assert.deepEqual(rendered(write('namespaces', ns('x', ['nofqdn'])).causes), [
      `spec.finalizers: Invalid value: "nofqdn": ${NOT_STANDARD}`,
    ]);
    const bad = rendered(write('namespaces', ns('x', ['bad finalizer'])).causes);
    assert.equal(bad.length, 2);
    assert.match(bad[0] ?? '', /^spec\.finalizers: Invalid value: "bad finalizer": name part must/);
    assert.equal(bad[1], `spec.finalizers: Invalid value: "bad finalizer": ${NOT_STANDARD}`);
  });

  it('metadata.finalizers are checked on namespaces too', () => {
    assert.deepEqual(rendered(write('namespaces', ns('x', undefined, ['nofqdn'])).causes), [
      `metadata.finalizers[0]: Invalid value: "nofqdn": ${NOT_STANDARD}`,
    ]);
  });
});

describe('TestValidateNamespaceFinalizeUpdate (/finalize)', () => {
  const withSpec = (o: KubeObject, finalizers: string[]): KubeObject => ({
    ...structuredClone(o),
    spec: { finalizers },
  });

  it('refuses "Foo", accepts qualified names, and leaves the namespace as it was', () => {
    const { store } = testStore();
    store.create('namespaces', ns('foo', ['foo.com/bar']));
    const live = store.get('namespaces', '', 'foo')!;
    assertApiError(
      () => store.finalizeNamespace(withSpec(live, ['foo.com/bar', 'Foo'])),
      422,
      `Namespace "foo" is invalid: spec.finalizers[1]: Invalid value: "Foo": ${NOT_STANDARD}`,
    );
    assert.deepEqual(specOf(store.get('namespaces', '', 'foo')!).finalizers, ['foo.com/bar']);
    const ok = store.finalizeNamespace(withSpec(live, ['foo.com/bar', 'what.com/bar']));
    assert.deepEqual(specOf(ok).finalizers, ['foo.com/bar', 'what.com/bar']);
    const emptied = store.finalizeNamespace(withSpec(store.get('namespaces', '', 'foo')!, []));
    assert.equal(specOf(emptied).finalizers, undefined);
  });
});
