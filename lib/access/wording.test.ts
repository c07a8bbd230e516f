/**
 * The header's words on a signed-in person's view: "2 of 14 namespaces visible to you", a page
 * that says they may see nothing (not an empty map), failed checks said, nothing for `none`;
 * and an empty problems list never claims health the person cannot see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSummary, EVERYTHING, makeScope } from './scope';
import { accessWords, lastKnownProblemsWords, noProblemsWords } from './wording';

const namespaces = Array.from({ length: 14 }, (_, i) => `ns-${i}`);

test('how much of the cluster a person sees, and what they may not list', () => {
  const scope = makeScope({ Service: ['ns-1', 'ns-2'], Pod: ['ns-1'] });
  const words = accessWords(accessSummary(scope, namespaces));
  assert.equal(words?.headline, '2 of 14 namespaces visible to you');
  assert.match(words?.detail ?? '', /may not list EndpointSlices, Endpoints, nodes or workloads/);
  assert.equal(words?.tone, 'info');
});

test('EndpointSlices a person may not list are said: what routes is then not judged', () => {
  const scope = makeScope({ Service: true, Pod: true, Endpoints: true });
  const words = accessWords(accessSummary(scope, namespaces));
  assert.match(words?.detail ?? '', /may not list EndpointSlices, nodes or workloads/);
  const noPods = makeScope({ Service: true, EndpointSlice: true });
  assert.match(
    accessWords(accessSummary(noPods, namespaces))?.detail ?? '',
    /may not list pods, Endpoints, nodes or workloads/,
  );
});

test('a person who may see nothing is told so, with what to ask for', () => {
  const words = accessWords(accessSummary(makeScope({}), namespaces));
  assert.match(words?.headline ?? '', /may not list anything this map shows/);
  assert.match(words?.detail ?? '', /RoleBinding/);
  assert.equal(words?.tone, 'warn');
});

test('nothing shown because every check failed is said as that, not as "you may not list anything"', () => {
  const failed = makeScope(
    {},
    'Access could not be checked (101 reviews failed: connect ECONNREFUSED).',
  );
  const words = accessWords(accessSummary(failed, namespaces));
  assert.equal(words?.headline, 'Nothing is shown: what you may see could not be checked.');
  assert.equal(
    words?.detail,
    'Access could not be checked (101 reviews failed: connect ECONNREFUSED).',
  );
  assert.equal(words?.tone, 'warn');
  assert.doesNotMatch(`${words?.headline} ${words?.detail}`, /RoleBinding|may not list anything/);
});

test('failed checks are said; the dashboard acting as itself gets no note', () => {
  const scope = makeScope({ Service: true, Namespace: true }, 'Access could not be checked (x).');
  const words = accessWords(accessSummary(scope, namespaces));
  assert.equal(words?.headline, 'All 14 namespaces visible to you');
  assert.match(words?.detail ?? '', /could not be checked/);
  assert.equal(words?.tone, 'warn');
  assert.equal(accessSummary(EVERYTHING, namespaces), undefined);
  assert.equal(accessWords(undefined), undefined);
});

test('no problems listed: never "every Service routes" for what the person cannot see', () => {
  assert.deepEqual(noProblemsWords(accessSummary(makeScope({}), namespaces), 'current'), {
    text: 'Nothing is visible to you, so no Service can be checked.',
    healthy: false,
  });
  const some = accessSummary(makeScope({ Service: ['ns-1'], Namespace: true }), namespaces);
  assert.equal(noProblemsWords(some, 'current').text, 'Every Service visible to you routes.');
  assert.equal(noProblemsWords(undefined, 'current').text, 'Every Service routes.');
  const all = accessSummary(makeScope({ Service: true, Namespace: true, Pod: true }), namespaces);
  assert.deepEqual(noProblemsWords(all, 'current'), {
    text: 'Every Service routes.',
    healthy: true,
  });
});

test('no problems listed: never "every Service routes" for a cluster not read, or not answering', () => {
  // The dashboard acting as itself (no access summary) on a cluster it never reached.
  assert.deepEqual(noProblemsWords(undefined, 'unread'), {
    text: 'Not known: the cluster has not been read.',
    healthy: false,
  });
  assert.equal(noProblemsWords(undefined, 'none').healthy, false);
  assert.deepEqual(noProblemsWords(undefined, 'stale'), {
    text: 'No problems when last read; the cluster does not answer now.',
    healthy: false,
  });
});

test('problems listed while the cluster does not answer are said to be the last read', () => {
  assert.equal(
    lastKnownProblemsWords('stale', '01:10:33'),
    'Last known, before the cluster stopped answering at 01:10:33: these may have changed since.',
  );
  assert.match(
    lastKnownProblemsWords('stale') ?? '',
    /^Last known, before the cluster stopped answering:/,
  );
  assert.equal(lastKnownProblemsWords('current', '01:10:33'), null);
  assert.equal(lastKnownProblemsWords('unread'), null);
});
