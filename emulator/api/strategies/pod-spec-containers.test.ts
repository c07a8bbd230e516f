// Container env, volume mounts, resources and the pod-only image rule: cases of upstream's
// pkg/apis/core/validation/validation_test.go (TestValidateEnv, TestValidateVolumeMounts,
// TestValidateResourceRequirements, TestValidateContainers' resource cases, TestValidatePod's
// image whitespace cases) and its ValidateVolumes name/type cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldCause } from '../../core/types';
import {
  validateContainersOnlyForPod,
  validateEnv,
  validateResourceRequirements,
  validateVolumeMounts,
  validateVolumes,
} from './pod-spec-containers';

const show = (causes: FieldCause[]) => causes.map((c) => `${c.field}: ${c.message}`);

describe('validateEnv (TestValidateEnv)', () => {
  const ok = ['abc', 'ABC', 'AbC_123', 'abc-123', 'a.b.c', '_abc', '-abc', '.abc', 'a..b'];
  for (const name of ok)
    it(`accepts ${name}`, () => assert.deepEqual(validateEnv([{ name }], 'env', false), []));
  const strictMsg =
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
  const cases: [string, boolean, string[]][] = [
    ['', false, ['env[0].name: Required value']],
    ['', true, ['env[0].name: Required value']],
    ['a!"#$%&\'()', false, [`env[0].name: Invalid value: "a!\\"#$%&'()": ${strictMsg}`]],
    ['1abc', false, [`env[0].name: Invalid value: "1abc": ${strictMsg}`]],
    ['.', false, [`env[0].name: Invalid value: ".": must not be '.'`]],
    ['..', false, [`env[0].name: Invalid value: "..": must not be '..'`]],
    ['..abc', false, [`env[0].name: Invalid value: "..abc": must not start with '..'`]],
    ['1abc', true, []],
    ['a!"#$%&\'()', true, []],
    [
      'a=b',
      true,
      [
        `env[0].name: Invalid value: "a=b": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      ],
    ],
  ];
  for (const [name, relaxed, want] of cases)
    it(`${JSON.stringify(name)} (relaxed: ${relaxed})`, () =>
      assert.deepEqual(show(validateEnv([{ name, value: 'x' }], 'env', relaxed)), want));
});

describe('validateVolumes (names and volume type)', () => {
  it('keeps the valid names and reports the rest', () => {
    const causes: FieldCause[] = [];
    const names = validateVolumes(
      [
        { name: 'abc', emptyDir: {} },
        { name: '123', hostPath: { path: '/mnt/path3' } },
        { name: 'abc', emptyDir: {} },
        { name: 'Bad_Name', emptyDir: {} },
        { name: 'notype' },
        { emptyDir: {} },
      ],
      'spec.volumes',
      causes,
    );
    assert.deepEqual([...names], ['abc', '123']);
    assert.deepEqual(
      causes.map((c) => `${c.field}: ${c.message.split(':')[0]}`),
      [
        'spec.volumes[2].name: Duplicate value',
        'spec.volumes[3].name: Invalid value',
        'spec.volumes[4]: Required value',
        'spec.volumes[5].name: Required value',
      ],
    );
  });
});

describe('validateVolumeMounts (TestValidateVolumeMounts)', () => {
  const volumes = new Set(['abc', '123', 'abc-123']);
  it('accepts valid mounts', () => {
    const mounts = [
      { name: 'abc', mountPath: '/foo' },
      { name: '123', mountPath: 'foo' },
      { name: 'abc-123', mountPath: '/bar' },
      { name: 'abc', mountPath: '/baz', subPath: 'baz' },
      { name: 'abc', mountPath: '/baa', subPath: 'baa/..a' },
      { name: 'abc', mountPath: '/bab', subPathExpr: '$(POD_NAME)' },
    ];
    assert.deepEqual(validateVolumeMounts(mounts, volumes, 'field'), []);
  });
  const cases: [string, Record<string, string>[], string[]][] = [
    [
      'empty name',
      [{ name: '', mountPath: '/foo' }],
      ['field[0].name: Required value', 'field[0].name: Not found: ""'],
    ],
    ['name not found', [{ name: 'nope', mountPath: '/foo' }], ['field[0].name: Not found: "nope"']],
    ['empty mountpath', [{ name: 'abc', mountPath: '' }], ['field[0].mountPath: Required value']],
    [
      'mountpath collision',
      [
        { name: 'abc', mountPath: '/path/a' },
        { name: '123', mountPath: '/path/a' },
      ],
      ['field[1].mountPath: Invalid value: "/path/a": must be unique'],
    ],
    [
      'absolute subpath',
      [{ name: 'abc', mountPath: '/bar', subPath: '/baz' }],
      ['field.subPath: Invalid value: "/baz": must be a relative path'],
    ],
    [
      'subpath in ..',
      [{ name: 'abc', mountPath: '/bar', subPath: '../baz' }],
      ['field.subPath: Invalid value: "../baz": must not contain \'..\''],
    ],
    [
      'subpath contains ..',
      [{ name: 'abc', mountPath: '/bar', subPath: 'baz/../bat' }],
      ['field.subPath: Invalid value: "baz/../bat": must not contain \'..\''],
    ],
    [
      'subpath ends in ..',
      [{ name: 'abc', mountPath: '/bar', subPath: './..' }],
      ['field.subPath: Invalid value: "./..": must not contain \'..\''],
    ],
    [
      'subpath and subpathexpr',
      [{ name: 'abc', mountPath: '/bar', subPath: 'baz', subPathExpr: '$(POD_NAME)' }],
      [
        'field[0].subPathExpr: Invalid value: "$(POD_NAME)": subPathExpr and subPath are mutually exclusive',
      ],
    ],
  ];
  for (const [name, mounts, want] of cases)
    it(name, () => assert.deepEqual(show(validateVolumeMounts(mounts, volumes, 'field')), want));
});

describe('validateResourceRequirements (TestValidateResourceRequirements, TestValidateContainers)', () => {
  const ok: [string, unknown][] = [
    [
      'limits and requests of the same value',
      { limits: { cpu: '10', memory: '10G' }, requests: { cpu: '10', memory: '10G' } },
    ],
    ['requests below limits', { limits: { cpu: '10' }, requests: { cpu: '9' } }],
    ['requests only', { requests: { cpu: '10', memory: '10G' } }],
    [
      'hugepages with memory',
      { limits: { memory: '2Mi', 'hugepages-2Mi': '2Mi' }, requests: { 'hugepages-2Mi': '2Mi' } },
    ],
    [
      'extended resource equal',
      { limits: { 'example.com/a': '10' }, requests: { 'example.com/a': '10' } },
    ],
    ['prefixed native', { limits: { 'kubernetes.io/foo': '10' } }],
    ['nothing', {}],
  ];
  for (const [name, r] of ok)
    it(`accepts ${name}`, () => assert.deepEqual(validateResourceRequirements(r, 'resources'), []));
  const cases: [string, unknown, string[]][] = [
    [
      'requests larger than limits',
      { requests: { cpu: '2' }, limits: { cpu: '1' } },
      ['resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    [
      'memory requests larger than limits',
      { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } },
      [
        'resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
      ],
    ],
    [
      'negative limit',
      { limits: { cpu: '-10' } },
      ['resources.limits[cpu]: Invalid value: "-10": must be greater than or equal to 0'],
    ],
    [
      'unknown resource name',
      { limits: { disk: '10G' } },
      [
        'resources.limits[disk]: Invalid value: "disk": must be a standard resource type or fully qualified',
        'resources.limits[disk]: Invalid value: "disk": must be a standard resource for containers',
      ],
    ],
    [
      'a quota resource on a container',
      { requests: { pods: '1' } },
      [
        'resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers',
      ],
    ],
    [
      'extended resource without a limit',
      { requests: { 'example.com/a': '2' } },
      ['resources.limits: Required value: Limit must be set for non overcommitable resources'],
    ],
    [
      'extended resource request not equal to limit',
      { requests: { 'example.com/a': '2' }, limits: { 'example.com/a': '3' } },
      ['resources.requests: Invalid value: "2": must be equal to example.com/a limit of 3'],
    ],
    [
      'fractional extended resource',
      { requests: { 'example.com/a': '500m' }, limits: { 'example.com/a': '500m' } },
      [
        'resources.limits[example.com/a]: Invalid value: "500m": must be an integer',
        'resources.requests[example.com/a]: Invalid value: "500m": must be an integer',
      ],
    ],
    [
      'hugepages without cpu or memory',
      { limits: { 'hugepages-2Mi': '2Mi' }, requests: { 'hugepages-2Mi': '2Mi' } },
      ['resources: Forbidden: HugePages require cpu or memory'],
    ],
  ];
  for (const [name, r, want] of cases)
    it(name, () => assert.deepEqual(show(validateResourceRequirements(r, 'resources')), want));
});

describe('validateContainersOnlyForPod (TestValidatePod image whitespace)', () => {
  it('refuses leading and trailing whitespace in containers and init containers', () => {
    const spec = {
      containers: [
        { name: 'a', image: ' nginx' },
        { name: 'b', image: 'nginx' },
      ],
      initContainers: [{ name: 'i', image: 'busybox ' }],
    };
    assert.deepEqual(show(validateContainersOnlyForPod(spec, 'spec')), [
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
      'spec.initContainers[0].image: Invalid value: "busybox ": must not have leading or trailing whitespace',
    ]);
  });
});
