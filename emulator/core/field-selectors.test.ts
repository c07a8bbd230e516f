/** Field selectors: per-kind field labels, operators, escaping and upstream's errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFieldSelector, matchesFields, parseFieldSelector } from './field-selectors';
import type { KubeObject } from './types';

describe('field selectors', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'a,b', namespace: 'default' },
    spec: { nodeName: 'node-1', restartPolicy: 'Always' },
    status: { phase: 'Running', podIP: '10.244.1.5' },
  };

  it('supports =, == and != on metadata and pod fields', () => {
    assert.equal(matchesFields('pods', parseFieldSelector('spec.nodeName=node-1'), pod), true);
    assert.equal(matchesFields('pods', parseFieldSelector('spec.nodeName==node-2'), pod), false);
    assert.equal(matchesFields('pods', parseFieldSelector('status.phase!=Pending'), pod), true);
    assert.equal(
      matchesFields(
        'pods',
        parseFieldSelector('metadata.namespace=default,status.podIP=10.244.1.5'),
        pod,
      ),
      true,
    );
    assert.equal(matchesFields('pods', parseFieldSelector('metadata.name=a\\,b'), pod), true);
    assert.equal(matchesFields('pods', parseFieldSelector('spec.hostNetwork=false'), pod), true);
  });

  it('rejects unsupported fields with the upstream message', () => {
    assert.throws(
      () => checkFieldSelector('services', parseFieldSelector('spec.nodeName=x')),
      /^Error: field label not supported: spec.nodeName$|field label not supported: spec.nodeName/,
    );
    assert.doesNotThrow(() =>
      checkFieldSelector(
        'events',
        parseFieldSelector('involvedObject.kind=Service,reason=x,type=Normal,source=kubelet'),
      ),
    );
    assert.doesNotThrow(() =>
      checkFieldSelector('namespaces', parseFieldSelector('status.phase=Active')),
    );
    assert.doesNotThrow(() =>
      checkFieldSelector('replicasets', parseFieldSelector('status.replicas=0')),
    );
  });

  it('rejects malformed field selectors', () => {
    assert.throws(
      () => parseFieldSelector('spec.nodeName'),
      /invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'/,
    );
    assert.throws(() => parseFieldSelector('a=b\\x'), /invalid escape sequence/);
  });
});
