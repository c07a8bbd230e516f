// resource.Quantity parsing and its serialized form: the tables of apimachinery's
// pkg/api/resource/quantity_test.go (TestParseQuantityString, TestQuantityParse with its negative
// and explicit-plus variants, its invalid inputs, TestQuantityString, TestQuantityParseEmit,
// TestJSONWhitespace, TestQuantityCmp).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalString,
  compareQuantities,
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  parseQuantity,
  quantityFromJson,
  quantityString,
  scanQuantity,
  type Quantity,
  type QuantityFormat,
} from './quantity';

const DSI: QuantityFormat = 'DecimalSI';
const BSI: QuantityFormat = 'BinarySI';
const DEX: QuantityFormat = 'DecimalExponent';
const q = (unscaled: bigint | number, exp: number, format: QuantityFormat): Quantity => ({
  unscaled: BigInt(unscaled),
  exp,
  format,
});
const MAX_ALLOWED = (1n << 63n) - 1n;
const neg = (x: Quantity): Quantity => ({ ...x, unscaled: -x.unscaled, cached: undefined });

describe('scanQuantity (TestParseQuantityString)', () => {
  const table: [string, boolean, string, string, string, string][] = [
    ['0.025Ti', true, '0.025', '0', '025', 'Ti'],
    ['1.025Ti', true, '1.025', '1', '025', 'Ti'],
    ['-1.025Ti', false, '-1.025', '1', '025', 'Ti'],
    ['.', true, '.', '0', '', ''],
    ['-.', false, '-.', '0', '', ''],
    ['1E-3', true, '1', '1', '', 'E-3'],
  ];
  for (const [input, positive, value, num, denom, suffix] of table)
    it(input, () => assert.deepEqual(scanQuantity(input), { positive, value, num, denom, suffix }));
});

describe('parseQuantity (TestQuantityParse)', () => {
  const Ki = 1024n;
  const table: [string, Quantity][] = [
    ['0', q(0, 0, DSI)],
    ['0n', q(0, 0, DSI)],
    ['0u', q(0, 0, DSI)],
    ['0m', q(0, 0, DSI)],
    ['0Ki', q(0, 0, BSI)],
    ['0k', q(0, 0, DSI)],
    ['0Mi', q(0, 0, BSI)],
    ['0M', q(0, 0, DSI)],
    ['0Gi', q(0, 0, BSI)],
    ['0G', q(0, 0, DSI)],
    ['0Ti', q(0, 0, BSI)],
    ['0T', q(0, 0, DSI)],
    ['1', q(1, 0, DSI)],
    ['1Ki', q(Ki, 0, BSI)],
    ['8Ki', q(8n * Ki, 0, BSI)],
    ['7Mi', q(7n * Ki ** 2n, 0, BSI)],
    ['6Gi', q(6n * Ki ** 3n, 0, BSI)],
    ['5Ti', q(5n * Ki ** 4n, 0, BSI)],
    ['4Pi', q(4n * Ki ** 5n, 0, BSI)],
    ['3Ei', q(3n * Ki ** 6n, 0, BSI)],
    ['10Ti', q(10n * Ki ** 4n, 0, BSI)],
    ['100Ti', q(100n * Ki ** 4n, 0, BSI)],
    ['5n', q(5, -9, DSI)],
    ['4u', q(4, -6, DSI)],
    ['3m', q(3, -3, DSI)],
    ['9', q(9, 0, DSI)],
    ['8k', q(8, 3, DSI)],
    ['50k', q(5, 4, DSI)],
    ['7M', q(7, 6, DSI)],
    ['6G', q(6, 9, DSI)],
    ['5T', q(5, 12, DSI)],
    ['40T', q(4, 13, DSI)],
    ['300T', q(3, 14, DSI)],
    ['2P', q(2, 15, DSI)],
    ['1E', q(1, 18, DSI)],
    ['1E-3', q(1, -3, DEX)],
    ['1e3', q(1, 3, DEX)],
    ['1E6', q(1, 6, DEX)],
    ['1e9', q(1, 9, DEX)],
    ['1E12', q(1, 12, DEX)],
    ['1e15', q(1, 15, DEX)],
    ['1E18', q(1, 18, DEX)],
    ['1e14', q(1, 14, DEX)],
    ['1e13', q(1, 13, DEX)],
    ['100.035k', q(100035, 0, DSI)],
    ['0.001', q(1, -3, DSI)],
    ['0.0005k', q(5, -1, DSI)],
    ['0.005', q(5, -3, DSI)],
    ['0.05', q(5, -2, DSI)],
    ['0.5', q(5, -1, DSI)],
    ['0.00050k', q(5, -1, DSI)],
    ['0.00500', q(5, -3, DSI)],
    ['0.05000', q(5, -2, DSI)],
    ['0.50000', q(5, -1, DSI)],
    ['0.5e0', q(5, -1, DEX)],
    ['0.5e-1', q(5, -2, DEX)],
    ['0.5e-2', q(5, -3, DEX)],
    ['10.035M', q(10035, 3, DSI)],
    ['1.2e3', q(12, 2, DEX)],
    ['1.3E+6', q(13, 5, DEX)],
    ['1.40e9', q(14, 8, DEX)],
    ['1.53E12', q(153, 10, DEX)],
    ['1.6e15', q(16, 14, DEX)],
    ['1.7E18', q(17, 17, DEX)],
    ['9.01', q(901, -2, DSI)],
    ['8.1k', q(81, 2, DSI)],
    ['7.123456M', q(7123456, 0, DSI)],
    ['6.987654321G', q(6987654321, 0, DSI)],
    ['5.444T', q(5444, 9, DSI)],
    ['40.1T', q(401, 11, DSI)],
    ['300.2T', q(3002, 11, DSI)],
    ['2.5P', q(25, 14, DSI)],
    ['1.01E', q(101, 16, DSI)],
    ['3.001n', q(4, -9, DSI)],
    ['1.1E-9', q(2, -9, DEX)],
    ['0.0000000001', q(1, -9, DSI)],
    ['0.0000000005', q(1, -9, DSI)],
    ['0.00000000050', q(1, -9, DSI)],
    ['0.5e-9', q(1, -9, DEX)],
    ['0.9n', q(1, -9, DSI)],
    ['0.00000012345', q(124, -9, DSI)],
    ['0.00000012354', q(124, -9, DSI)],
    ['9Ei', q(MAX_ALLOWED, 0, BSI)],
    ['9223372036854775807Ki', q(MAX_ALLOWED, 0, BSI)],
    ['12E', q(12, 18, DSI)],
    ['100.035Ki', q(10243584, -2, BSI)],
    ['0.5Mi', q(524288, 0, BSI)],
    ['0.05Gi', q(536870912, -1, BSI)],
    ['0.025Ti', q(274877906944, -1, BSI)],
    ['0.000000000001Ki', q(2, -9, DSI)],
    ['.001', q(1, -3, DSI)],
    ['.0001k', q(100, -3, DSI)],
    ['1.', q(1, 0, DSI)],
    ['1.G', q(1, 9, DSI)],
  ];
  for (const [input, want] of table) {
    it(input, () => {
      for (const [text, expect] of [
        [input, want],
        [`-${input}`, neg(want)],
        [`+${input}`, want],
      ] as const) {
        const got = parseQuantity(text);
        assert.equal(compareQuantities(got, expect), 0, `${text}: ${quantityString(got)}`);
        assert.equal(got.format, expect.format, text);
      }
    });
  }

  const invalid = [
    '',
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    ' 1',
    '1 ',
  ];
  for (const input of invalid)
    it(`rejects ${JSON.stringify(input)}`, () => assert.throws(() => parseQuantity(input)));

  it('reports the regular expression for malformed input and the suffix error otherwise', () => {
    assert.throws(() => parseQuantity('2 cores'), { message: ERR_FORMAT_WRONG });
    assert.throws(() => parseQuantity('1Gb'), { message: ERR_FORMAT_WRONG });
    assert.throws(() => parseQuantity('1GG'), { message: ERR_SUFFIX });
    assert.throws(() => parseQuantity('1e'), { message: ERR_SUFFIX });
  });
});

describe('canonical form (TestQuantityString)', () => {
  const table: [Quantity, string, string][] = [
    [q(1024 * 1024 * 1024, 0, BSI), '1Gi', '1024Mi'],
    [q(300 * 1024 * 1024, 0, BSI), '300Mi', '307200Ki'],
    [q(6 * 1024, 0, BSI), '6Ki', ''],
    [q(1001 * 1024 * 1024 * 1024, 0, BSI), '1001Gi', '1025024Mi'],
    [q(1024 ** 4, 0, BSI), '1Ti', '1024Gi'],
    [q(5, 0, BSI), '5', '5000m'],
    [q(500, -3, BSI), '500m', '0.5'],
    [q(1, 9, DSI), '1G', '1000M'],
    [q(1000, 6, DSI), '1G', '0.001T'],
    [q(1000000, 3, DSI), '1G', ''],
    [q(1000000000, 0, DSI), '1G', ''],
    [q(1, -3, DSI), '1m', '1000u'],
    [q(80, -3, DSI), '80m', ''],
    [q(1080, -3, DSI), '1080m', '1.08'],
    [q(108, -2, DSI), '1080m', '1080000000n'],
    [q(10800, -4, DSI), '1080m', ''],
    [q(300, 6, DSI), '300M', ''],
    [q(1, 12, DSI), '1T', ''],
    [q(1234567, 6, DSI), '1234567M', ''],
    [q(1234567, -3, BSI), '1234567m', ''],
    [q(3, 3, DSI), '3k', ''],
    [q(1025, 0, BSI), '1025', ''],
    [q(0, 0, DSI), '0', ''],
    [q(0, 0, BSI), '0', ''],
    [q(1, 9, DEX), '1e9', '.001e12'],
    [q(1, -3, DEX), '1e-3', '0.001e0'],
    [q(1, -9, DEX), '1e-9', '1000e-12'],
    [q(80, -3, DEX), '80e-3', ''],
    [q(300, 6, DEX), '300e6', ''],
    [q(1, 12, DEX), '1e12', ''],
    [q(1, 3, DEX), '1e3', ''],
    [q(3, 3, DEX), '3e3', ''],
    [q(3, 3, DSI), '3k', ''],
    [q(0, 0, DEX), '0', '00'],
    [q(1, -9, DSI), '1n', ''],
    [q(80, -9, DSI), '80n', ''],
    [q(1080, -9, DSI), '1080n', ''],
    [q(108, -8, DSI), '1080n', ''],
    [q(10800, -10, DSI), '1080n', ''],
    [q(1, -6, DSI), '1u', ''],
    [q(80, -6, DSI), '80u', ''],
    [q(1080, -6, DSI), '1080u', ''],
  ];
  for (const [value, expect, alternate] of table) {
    it(`${expect}${alternate ? ` / ${alternate}` : ''}`, () => {
      assert.equal(canonicalString(value), expect);
      assert.equal(parseQuantity(expect).cached, expect, 'the canonical input is kept');
      if (value.unscaled !== 0n) assert.equal(canonicalString(neg(value)), `-${expect}`);
      if (!alternate) return;
      const parsed = parseQuantity(alternate);
      assert.equal(parsed.cached, undefined);
      assert.equal(quantityString(parsed), expect);
    });
  }
});

describe('parse then serialize (TestQuantityParseEmit and the decoder)', () => {
  const table: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // What a pod's resources commonly arrive as.
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'],
    ['100m', '100m'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['123Mi', '123Mi'],
    ['0.1m', '100u'],
    ['1e-10', '1e-9'],
    ['1e100', '10e99'],
    ['1e99', '1e99'],
  ];
  for (const [input, expect] of table) {
    it(`${input} → ${expect}`, () => {
      assert.equal(quantityString(parseQuantity(input)), expect);
      if (expect !== '0') assert.equal(quantityString(parseQuantity(`-${input}`)), `-${expect}`);
    });
  }
});

describe('quantityFromJson (TestJSONWhitespace)', () => {
  const table: [unknown, string][] = [
    [' 1', '1'],
    ['1 ', '1'],
    [1, '1'],
    [10, '10'],
    [-1, '-1'],
    [' -1', '-1'],
    [0.5, '500m'],
    [null, '0'],
  ];
  for (const [input, expect] of table)
    it(JSON.stringify(input), () => assert.equal(quantityString(quantityFromJson(input)), expect));
  it('refuses booleans, objects and arrays', () => {
    for (const v of [true, {}, [1]])
      assert.throws(() => quantityFromJson(v), { message: ERR_FORMAT_WRONG });
  });
});

describe('compareQuantities (TestQuantityCmp)', () => {
  const table: [string, string, number][] = [
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1', '1000m', 0],
    ['2', '1', 1],
    ['-1', '1m', -1],
    ['1Gi', '1G', 1],
  ];
  for (const [x, y, want] of table)
    it(`${x} vs ${y}`, () => {
      assert.equal(compareQuantities(parseQuantity(x), parseQuantity(y)), want);
      assert.equal(compareQuantities(parseQuantity(y), parseQuantity(x)), 0 - want);
    });
});
