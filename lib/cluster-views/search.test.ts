import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchAnswer } from '../api/clusters';
import { formatClock } from '../graph/describe';
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
    '2 matches for “10.30.0.15” in 2 clusters. 1 cluster could not be searched.',
  );
  const allAsked = { ...answer, errors: [] };
  assert.equal(
    searchSummary(allAsked, groupMatches(allAsked)),
    '2 matches for “10.30.0.15” in 2 clusters.',
  );
  const none = { ...answer, matches: [], errors: [] };
  assert.equal(
    searchSummary(none, groupMatches(none)),
    'No Service matches “10.30.0.15” in any cluster.',
  );
});

test('a cluster left out is named with why: unreachable since when, or not read yet', () => {
  const since = '2026-12-05T09:23:35.971Z';
  const down: SearchAnswer = {
    ...answer,
    matches: [],
    errors: [
      { cluster: 'clu-c', error: 'connect ECONNREFUSED', answer: 'unread' },
      { cluster: 'clu-d', error: 'Service: EOF', answer: 'stale', staleSince: since },
    ],
  };
  const groups = groupMatches(down);
  assert.equal(groups[0]!.error, 'not read yet: connect ECONNREFUSED');
  assert.equal(
    groups[1]!.error,
    `unreachable since ${formatClock(since)}, its last-known data not shown: Service: EOF`,
  );
  assert.equal(
    searchSummary(down, groups),
    'No Service matches “10.30.0.15” in any cluster that could be searched. 2 clusters could not be searched.',
  );
});

test('a cluster searched only in the namespaces the viewer may see is named: no match is not "none"', () => {
  const hidden: SearchAnswer = { ...answer, matches: [], errors: [], limited: ['prod-eu'] };
  assert.equal(
    searchSummary(hidden, groupMatches(hidden)),
    'No Service matches “10.30.0.15” in any cluster. In prod-eu only the namespaces where you may see Services were searched.',
  );
  const some: SearchAnswer = { ...answer, errors: [], limited: ['prod-eu', 'prod-us'] };
  assert.match(
    searchSummary(some, groupMatches(some)),
    /^2 matches for “10\.30\.0\.15” in 2 clusters\. In prod-eu, prod-us only the namespaces where you may see Services were searched\.$/,
  );
});
