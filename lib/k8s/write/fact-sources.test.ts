/** How internal targets read inside the address check's sentence. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAddress } from '@/lib/topology/validation';
import { factsOf } from './fact-sources';

describe('internal-target wording', () => {
  it('reads as one parenthesis in the message, not two', () => {
    const facts = factsOf(
      {
        namespaces: ['default'],
        services: [],
        pods: [],
        nodes: [],
        serviceCidrs: [{ ref: 'kubernetes', cidrs: ['10.96.0.0/12'] }],
        apiServer: ['172.18.0.2'],
      },
      true,
    );
    for (const ip of ['172.18.0.2', '10.96.0.1']) {
      const message = checkAddress(ip, facts.internal).problems[0]?.message ?? '';
      assert.match(message, /inside this cluster \(/);
      assert.doesNotMatch(message, /\([^)]*\(/, message);
    }
  });
});
