// HumanDuration ages as the Age columns print them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration } from './duration';

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [-5, '<invalid>'],
    [-0.5, '0s'],
    [0, '0s'],
    [45, '45s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [599, '9m59s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 5 * 60, '3h5m'],
    [8 * 3600, '8h'],
    [47 * 3600, '47h'],
    [2 * 86400 + 3 * 3600, '2d3h'],
    [7 * 86400, '7d'],
    [8 * 86400, '8d'],
    [729 * 86400, '729d'],
    [3 * 365 * 86400 + 10 * 86400, '3y10d'],
    [9 * 365 * 86400, '9y'],
  ];
  for (const [s, want] of cases)
    it(`${s}s → ${want}`, () => assert.equal(humanDuration(s * 1000), want));
});
