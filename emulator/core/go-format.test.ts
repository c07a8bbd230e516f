// Go's %+v of decoded JSON, as upstream quotes a refused strategic merge patch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goFormat } from './go-format';

describe('goFormat', () => {
  it('prints maps with sorted keys, slices, scalars and nil as fmt does', () => {
    assert.equal(
      goFormat({ subsets: [{ ports: [{ port: 8443 }], notReadyAddresses: { ip: '10.30.0.16' } }] }),
      'map[subsets:[map[notReadyAddresses:map[ip:10.30.0.16] ports:[map[port:8443]]]]]',
    );
    assert.equal(goFormat({ spec: { replicas: 'abc' } }), 'map[spec:map[replicas:abc]]');
    assert.equal(goFormat([true, null, 1.5, {}, []]), '[true <nil> 1.5 map[] []]');
    assert.equal(goFormat(0.00001), '1e-05');
    assert.equal(goFormat(1e21), '1e+21');
  });
});
