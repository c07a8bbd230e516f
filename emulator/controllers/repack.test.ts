/**
 * RepackSubsets and truncateEndpoints, ported from upstream pkg/api/v1/endpoints/util_test.go
 * (TestPackSubsets) and pkg/controller/endpoint/endpoints_controller_test.go
 * (TestTruncateEndpoints). Upstream orders subsets and ports by a hash, so subsets are compared
 * as sets and ports within a subset as sets; addresses keep upstream's (IP, uid) order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EndpointSubset, repackSubsets, truncateSubsets } from './repack';

const ref = (uid: string) => ({ uid });
const p = (port: number) => ({ port });

function canon(subsets: EndpointSubset[]): string[] {
  return subsets
    .map((s) =>
      JSON.stringify({
        a: s.addresses ?? [],
        n: s.notReadyAddresses ?? [],
        p: [...(s.ports ?? [])].sort((x, y) => x.port - y.port),
      }),
    )
    .sort();
}

const cases: { name: string; given: EndpointSubset[]; expect: EndpointSubset[] }[] = [
  { name: 'empty everything', given: [{ addresses: [], ports: [] }], expect: [] },
  { name: 'empty addresses', given: [{ addresses: [], ports: [p(111)] }], expect: [] },
  {
    // Since PR #67622 (1.12) a subset without ports keeps its addresses (headless Services).
    name: 'empty ports',
    given: [{ addresses: [{ ip: '1.2.3.4' }], ports: [] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }] }],
  },
  {
    name: 'empty ports (not ready)',
    given: [{ notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [] }],
    expect: [{ notReadyAddresses: [{ ip: '1.2.3.4' }] }],
  },
  {
    name: 'one set, one ip, one port',
    given: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'one set, one ip, one port (IPv6)',
    given: [{ addresses: [{ ip: 'beef::1:2:3:4' }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: 'beef::1:2:3:4' }], ports: [p(111)] }],
  },
  {
    name: 'one set, one notReady ip, one port',
    given: [{ notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
    expect: [{ notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'one set, one ip, one UID, one port',
    given: [{ addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] }],
  },
  {
    name: 'one set, one ip, empty UID, one port',
    given: [{ addresses: [{ ip: '1.2.3.4', targetRef: ref('') }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4', targetRef: ref('') }], ports: [p(111)] }],
  },
  {
    name: 'one set, two ips, one port',
    given: [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }], ports: [p(111)] }],
  },
  {
    name: 'one set, two mixed ips, one port',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], notReadyAddresses: [{ ip: '5.6.7.8' }], ports: [p(111)] },
    ],
    expect: [
      { addresses: [{ ip: '1.2.3.4' }], notReadyAddresses: [{ ip: '5.6.7.8' }], ports: [p(111)] },
    ],
  },
  {
    name: 'one set, two duplicate ips, one port, notReady is covered by ready',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
    ],
    expect: [{ notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'one set, one ip, two ports',
    given: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111), p(222)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111), p(222)] }],
  },
  {
    name: 'one set, dup ips, one port',
    given: [{ addresses: [{ ip: '1.2.3.4' }, { ip: '1.2.3.4' }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'one set, dup ips, one port (IPv6)',
    given: [{ addresses: [{ ip: 'beef::1' }, { ip: 'beef::1' }], ports: [p(111)] }],
    expect: [{ addresses: [{ ip: 'beef::1' }], ports: [p(111)] }],
  },
  {
    name: 'one set, dup ips with target-refs, one port',
    given: [
      {
        addresses: [
          { ip: '1.2.3.4', targetRef: { name: 'foo' } },
          { ip: '1.2.3.4', targetRef: { name: 'bar' } },
        ],
        ports: [p(111)],
      },
    ],
    expect: [{ addresses: [{ ip: '1.2.3.4', targetRef: { name: 'foo' } }], ports: [p(111)] }],
  },
  {
    name: 'one set, dup mixed ips with target-refs, one port',
    given: [
      {
        addresses: [{ ip: '1.2.3.4', targetRef: { name: 'foo' } }],
        notReadyAddresses: [{ ip: '1.2.3.4', targetRef: { name: 'bar' } }],
        ports: [p(111)],
      },
    ],
    // Only the first address+port reference is preserved; not-ready wins.
    expect: [
      { notReadyAddresses: [{ ip: '1.2.3.4', targetRef: { name: 'foo' } }], ports: [p(111)] },
    ],
  },
  {
    name: 'one set, one ip, dup ports',
    given: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111), p(111)] }],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'two sets, dup ip, dup port',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
    ],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'two sets, dup mixed ip, dup port',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
    ],
    expect: [{ notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] }],
  },
  {
    name: 'two sets, dup ip, two ports',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(222)] },
    ],
    expect: [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111), p(222)] }],
  },
  {
    name: 'two sets, dup mixed ip, dup uids, two ports',
    given: [
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(222)] },
    ],
    expect: [
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(222)] },
    ],
  },
  {
    name: 'two sets, two ips, dup port',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '5.6.7.8' }], ports: [p(111)] },
    ],
    expect: [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }], ports: [p(111)] }],
  },
  {
    name: 'two set, dup ip, two uids, dup ports',
    given: [
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-2') }], ports: [p(111)] },
    ],
    expect: [
      {
        addresses: [
          { ip: '1.2.3.4', targetRef: ref('uid-1') },
          { ip: '1.2.3.4', targetRef: ref('uid-2') },
        ],
        ports: [p(111)],
      },
    ],
  },
  {
    name: 'two sets, two ips, two dup ip with uid, dup port, wrong order',
    given: [
      { addresses: [{ ip: '5.6.7.8' }], ports: [p(111)] },
      { addresses: [{ ip: '5.6.7.8', targetRef: ref('uid-1') }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
    ],
    expect: [
      {
        addresses: [
          { ip: '1.2.3.4' },
          { ip: '1.2.3.4', targetRef: ref('uid-1') },
          { ip: '5.6.7.8' },
          { ip: '5.6.7.8', targetRef: ref('uid-1') },
        ],
        ports: [p(111)],
      },
    ],
  },
  {
    name: 'two sets, two mixed ips, two dup ip with uid, dup port, wrong order, ends up with split addresses',
    given: [
      { addresses: [{ ip: '5.6.7.8' }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '5.6.7.8', targetRef: ref('uid-1') }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.4', targetRef: ref('uid-1') }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
    ],
    expect: [
      {
        addresses: [{ ip: '5.6.7.8' }],
        notReadyAddresses: [
          { ip: '1.2.3.4' },
          { ip: '1.2.3.4', targetRef: ref('uid-1') },
          { ip: '5.6.7.8', targetRef: ref('uid-1') },
        ],
        ports: [p(111)],
      },
    ],
  },
  {
    name: 'two sets, two ips, two ports',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '5.6.7.8' }], ports: [p(222)] },
    ],
    expect: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '5.6.7.8' }], ports: [p(222)] },
    ],
  },
  {
    name: 'four sets, three ips, three ports, jumbled',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.5' }], ports: [p(222)] },
      { addresses: [{ ip: '1.2.3.6' }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.5' }], ports: [p(333)] },
    ],
    expect: [
      { addresses: [{ ip: '1.2.3.4' }, { ip: '1.2.3.6' }], ports: [p(111)] },
      { addresses: [{ ip: '1.2.3.5' }], ports: [p(222), p(333)] },
    ],
  },
  {
    name: 'four sets, three mixed ips, three ports, jumbled',
    given: [
      { addresses: [{ ip: '1.2.3.4' }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.5' }], ports: [p(222)] },
      { addresses: [{ ip: '1.2.3.6' }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.5' }], ports: [p(333)] },
    ],
    expect: [
      { addresses: [{ ip: '1.2.3.4' }, { ip: '1.2.3.6' }], ports: [p(111)] },
      { notReadyAddresses: [{ ip: '1.2.3.5' }], ports: [p(222), p(333)] },
    ],
  },
  {
    name: 'IPv4 sorts before IPv6, by bytes not by text',
    given: [
      { addresses: [{ ip: 'beef::1' }, { ip: '10.0.0.2' }, { ip: '9.0.0.1' }], ports: [p(111)] },
    ],
    expect: [
      { addresses: [{ ip: '9.0.0.1' }, { ip: '10.0.0.2' }, { ip: 'beef::1' }], ports: [p(111)] },
    ],
  },
];

describe('TestPackSubsets (RepackSubsets)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(canon(repackSubsets(c.given)), canon(c.expect));
    });
  }

  it('does not modify its input', () => {
    const given: EndpointSubset[] = [
      { addresses: [{ ip: '1.2.3.4', targetRef: ref('a') }], ports: [p(1)] },
    ];
    const before = structuredClone(given);
    const out = repackSubsets(given);
    const first = out[0]?.addresses?.[0];
    if (first) first.ip = '9.9.9.9';
    assert.deepEqual(given, before);
  });
});

function addresses(n: number, prefix: string) {
  return Array.from({ length: n }, (_, i) => ({
    ip: `${prefix}.${Math.floor(i / 250)}.${i % 250}`,
  }));
}

function counts(subsets: EndpointSubset[]) {
  return subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]);
}

describe('TestTruncateEndpoints (truncateEndpoints)', () => {
  it('less than endpoints per slice', () => {
    const given = [{ addresses: addresses(50, '10.0'), ports: [p(80)] }];
    const { subsets, truncated } = truncateSubsets(given);
    assert.equal(truncated, false);
    assert.deepEqual(counts(subsets), [[50, 0]]);
  });

  it('exactly max endpoints', () => {
    const { truncated } = truncateSubsets([{ addresses: addresses(1000, '10.0'), ports: [p(80)] }]);
    assert.equal(truncated, false);
  });

  it('more than max endpoints (ready only) keeps the first 1000', () => {
    const given = [{ addresses: addresses(1001, '10.0'), ports: [p(80)] }];
    const { subsets, truncated } = truncateSubsets(given);
    assert.equal(truncated, true);
    assert.deepEqual(counts(subsets), [[1000, 0]]);
    assert.deepEqual(subsets[0]?.addresses?.[0], given[0]?.addresses[0]);
  });

  it('more than max ready and not-ready endpoints: ready kept first, not-ready truncated', () => {
    const given = [
      {
        addresses: addresses(300, '10.0'),
        notReadyAddresses: addresses(300, '10.1'),
        ports: [p(80)],
      },
      {
        addresses: addresses(200, '10.2'),
        notReadyAddresses: addresses(800, '10.3'),
        ports: [p(81)],
      },
    ];
    const { subsets, truncated } = truncateSubsets(given);
    assert.equal(truncated, true);
    // 500 ready kept; 500 not-ready shared 300:800 → ceil(136.4)=137, then min(ceil(363.6), 363).
    assert.deepEqual(counts(subsets), [
      [300, 137],
      [200, 363],
    ]);
  });

  it('more than max ready endpoints: ready shared in proportion, all not-ready dropped', () => {
    const given = [
      {
        addresses: addresses(600, '10.0'),
        notReadyAddresses: addresses(100, '10.1'),
        ports: [p(80)],
      },
      { addresses: addresses(900, '10.2'), ports: [p(81)] },
    ];
    const { subsets } = truncateSubsets(given);
    assert.deepEqual(counts(subsets), [
      [400, 0],
      [600, 0],
    ]);
  });
});
