import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompareAnswer } from '../api/clusters';
import { formatClock } from '../graph/describe';
import { compareHeading, compareRows, differenceSummary, selectorText } from './compare';

const answer: CompareAnswer = {
  namespace: 'shop',
  name: 'cart',
  clusters: [
    {
      cluster: 'prod-eu',
      found: true,
      type: 'ClusterIP',
      ports: [
        { port: 8080, protocol: 'TCP', name: 'metrics' },
        { port: 80, protocol: 'TCP', name: 'http', targetPort: 'http' },
      ],
      selector: { tier: 'web', app: 'cart' },
      endpoints: { ready: 3, total: 3 },
      health: 'healthy',
      diagnosis: 'healthy',
    },
    {
      cluster: 'prod-us',
      found: true,
      type: 'ClusterIP',
      ports: [
        { port: 80, protocol: 'TCP', name: 'http', targetPort: 'http' },
        { port: 8080, protocol: 'TCP', name: 'metrics' },
      ],
      selector: { app: 'cart', tier: 'web' },
      endpoints: { ready: 0, total: 3 },
      health: 'broken',
      diagnosis: 'no ready endpoints',
    },
    { cluster: 'staging', found: false },
    { cluster: 'dr', found: false, error: 'connection refused' },
  ],
  differs: ['found', 'endpoints', 'diagnosis'],
};

test('compareRows marks the rows the server says differ, and only those', () => {
  const rows = compareRows(answer);
  assert.deepEqual(
    rows.filter((r) => r.differs).map((r) => r.field),
    ['found', 'endpoints', 'diagnosis'],
  );
  assert.equal(rows.find((r) => r.field === 'ports')?.differs, false);
});

test('compareRows writes ports and selectors in one order, so equal values read the same', () => {
  const rows = compareRows(answer);
  const ports = rows.find((r) => r.field === 'ports')!;
  assert.equal(ports.cells[0], ports.cells[1]);
  assert.equal(ports.cells[0], 'http 80/TCP → http, metrics 8080/TCP');
  const selector = rows.find((r) => r.field === 'selector')!;
  assert.equal(selector.cells[0], 'app=cart, tier=web');
  assert.equal(selector.cells[0], selector.cells[1]);
});

test('compareRows says not found, and could not ask, in every row of that cluster', () => {
  const rows = compareRows(answer);
  const endpoints = rows.find((r) => r.field === 'endpoints')!;
  assert.deepEqual(endpoints.cells, [
    '3 of 3',
    '0 of 3',
    'not found',
    'could not ask: connection refused',
  ]);
  assert.deepEqual(rows.find((r) => r.field === 'found')!.cells.slice(0, 3), ['yes', 'yes', 'no']);
});

test('differenceSummary names the differing rows, or nothing when all agree', () => {
  assert.equal(
    differenceSummary(compareRows(answer)),
    'Exists, Endpoints ready, Diagnosis differ across clusters.',
  );
  assert.equal(differenceSummary(compareRows({ ...answer, differs: [] })), null);
  assert.equal(
    differenceSummary(compareRows({ ...answer, differs: ['type'] })),
    'Type differs across clusters.',
  );
});

test('selectorText says none for no selector', () => {
  assert.equal(selectorText(null), 'none');
  assert.equal(selectorText({}), 'none');
});

test('compareHeading: found in no cluster, asked nowhere, the same, or what differs', () => {
  const nowhere: CompareAnswer = {
    namespace: 'shop',
    name: 'nope',
    clusters: [
      { cluster: 'a', found: false },
      { cluster: 'b', found: false },
    ],
    differs: [],
  };
  assert.equal(compareHeading(nowhere), 'shop/nope is found in no cluster.');
  const oneDown = {
    ...nowhere,
    clusters: [
      { cluster: 'a', found: false },
      { cluster: 'b', found: false, error: 'refused' },
    ],
  };
  assert.equal(compareHeading(oneDown), 'shop/nope is found in no cluster that could be asked.');
  const allDown = { ...nowhere, clusters: [{ cluster: 'b', found: false, error: 'refused' }] };
  assert.equal(compareHeading(allDown), 'No cluster could be asked about shop/nope.');
  const same = { ...answer, clusters: answer.clusters.slice(0, 1), differs: [] };
  assert.equal(compareHeading(same), 'The same in every cluster.');
  assert.equal(
    compareHeading(answer),
    'Exists, Endpoints ready, Diagnosis differ across clusters.',
  );
});

test('a cluster not answering, or whose Services the viewer may not see, is never "the same"', () => {
  const eu = answer.clusters[0]!;
  const since = '2026-12-05T09:23:35.971Z';
  const stale: CompareAnswer = {
    ...answer,
    clusters: [
      eu,
      { ...eu, cluster: 'prod-us' },
      {
        cluster: 'clu-c',
        found: false,
        error: 'Service: connect ECONNREFUSED',
        answer: 'stale',
        staleSince: since,
      },
      { cluster: 'clu-b', found: false, hidden: true },
    ],
    differs: [],
  };
  assert.equal(
    compareHeading(stale),
    'The same in every cluster compared; not compared: clu-c; you may not see Services in shop in clu-b.',
  );
  const onlyHidden: CompareAnswer = {
    ...stale,
    clusters: [eu, { cluster: 'clu-b', found: false, hidden: true }],
  };
  assert.equal(
    compareHeading(onlyHidden),
    'The same in every cluster compared; you may not see Services in shop in clu-b.',
  );
  const hiddenEverywhere: CompareAnswer = {
    ...stale,
    clusters: [{ cluster: 'clu-b', found: false, hidden: true }],
  };
  assert.equal(
    compareHeading(hiddenEverywhere),
    'shop/cart is compared in no cluster; you may not see Services in shop in clu-b.',
  );
  const missingWhereSeen: CompareAnswer = {
    ...stale,
    clusters: [
      { cluster: 'a', found: false },
      { cluster: 'clu-b', found: false, hidden: true },
    ],
  };
  assert.equal(
    compareHeading(missingWhereSeen),
    'shop/cart is found in no cluster compared; you may not see Services in shop in clu-b.',
  );
  const rows = compareRows(stale);
  const found = rows.find((r) => r.field === 'found')!;
  assert.equal(
    found.cells[2],
    `could not ask: unreachable since ${formatClock(since)}, its last-known data not shown: Service: connect ECONNREFUSED`,
  );
  assert.equal(found.cells[3], 'you may not see Services in shop here');
  const never: CompareAnswer = {
    ...stale,
    clusters: [eu, { cluster: 'clu-c', found: false, error: 'refused', answer: 'unread' }],
  };
  assert.equal(compareRows(never)[0]!.cells[1], 'could not ask: not read yet: refused');
  assert.equal(
    compareHeading(never),
    'The same in every cluster that could be asked; not compared: clu-c.',
  );
});

test('endpoints that cannot be judged in a cluster say why there, never "0 of 0"', () => {
  const hidden: CompareAnswer = {
    ...answer,
    clusters: [
      answer.clusters[0]!,
      { ...answer.clusters[1]!, endpoints: { ready: 0, total: 0, notJudged: 'not-visible' } },
      { ...answer.clusters[1]!, endpoints: { ready: 0, total: 0, notJudged: 'not-read' } },
    ],
  };
  const endpoints = compareRows(hidden).find((r) => r.field === 'endpoints')!;
  assert.deepEqual(endpoints.cells, [
    '3 of 3',
    'endpoints not visible to you',
    'endpoints not read yet',
  ]);
});
