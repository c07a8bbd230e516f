import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchAnswer } from '../api/clusters';
import { groupMatches, searchSummary } from './search';

const answer: SearchAnswer = {
  query: '10.30.0.15',
  matches: [
    {
      cluster: 'prod-eu',
      namespace: 'pay',
      name: 'payments-legacy',
      type: 'ClusterIP',
      health: 'healthy',
      matched: [{ kind: 'ip', detail: 'endpoint 10.30.0.15' }],
    },
    {
      cluster: 'prod-us',
      namespace: 'pay',
      name: 'payments-legacy',
      type: 'ClusterIP',
      health: 'warning',
      matched: [
        { kind: 'ip', detail: 'endpoint 10.30.0.15' },
        { kind: 'name', detail: 'name' },
      ],
    },
  ],
  truncated: false,
  errors: [{ cluster: 'staging', error: 'unreachable' }],
};

test('groupMatches groups by cluster in the server order and links into that cluster', () => {
  const groups = groupMatches(answer);
  assert.deepEqual(
    groups.map((g) => g.cluster),
    ['prod-eu', 'prod-us', 'staging'],
  );
  assert.equal(groups[0]!.matches[0]!.href, '/c/prod-eu?focus=pay/payments-legacy');
  assert.equal(groups[1]!.matches[0]!.why, 'endpoint 10.30.0.15; name');
  assert.equal(groups[2]!.error, 'unreachable');
  assert.equal(groups[2]!.matches.length, 0);
});

test('searchSummary counts matches and the clusters they are in', () => {
  assert.equal(
    searchSummary(answer, groupMatches(answer)),
    '2 matches for “10.30.0.15” in 2 clusters.',
  );
  const none = { ...answer, matches: [], errors: [] };
  assert.equal(
    searchSummary(none, groupMatches(none)),
    'No Service matches “10.30.0.15” in any cluster.',
  );
});
