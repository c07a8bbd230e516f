/**
 * The validation table (well over 100 cases), shared by the unit test and the differential test
 * against the embedded cluster. Each case is a whole form submission and the verdict we expect
 * (testing/case-kit.ts says how to read one). Test support only.
 */
import { ADDRESS_CASES } from './cases-addresses';
import { HOSTILE_CASES, NAME_AND_PORT_CASES, VALID_CASES } from './cases-form';
import type { ValidationCase } from './case-kit';

export { BASE, type ValidationCase } from './case-kit';

export const CASES: ValidationCase[] = [
  ...VALID_CASES,
  ...NAME_AND_PORT_CASES,
  ...ADDRESS_CASES,
  ...HOSTILE_CASES,
];
