/**
 * Required node affinity as the scheduler and the DaemonSet controller read it (upstream
 * component-helpers/scheduling/corev1/nodeaffinity): nodeSelector plus any required term, label
 * expressions through NewRequirement, `metadata.name` fields, empty or refused terms matching
 * nothing; and nodeMisfit's reason text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../core/types';
import { type NodeSelectorTerm, matchesNodeSelection, nodeMisfit } from './node-fit';

const node = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

const required = (...nodeSelectorTerms: NodeSelectorTerm[]) => ({
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
  },
});

const ssd = node('n1', { disk: 'ssd', cores: '8' });

describe('matchesNodeSelection', () => {
  it('nodeSelector alone: every pair must be present', () => {
    assert.equal(matchesNodeSelection(ssd, { nodeSelector: { disk: 'ssd' } }), true);
    assert.equal(matchesNodeSelection(ssd, { nodeSelector: { disk: 'hdd' } }), false);
    assert.equal(matchesNodeSelection(ssd, {}), true);
  });

  it('label expressions: In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
    const one = (operator: string, key: string, values?: string[]) =>
      matchesNodeSelection(ssd, required({ matchExpressions: [{ key, operator, values }] }));
    assert.equal(one('In', 'disk', ['ssd', 'nvme']), true);
    assert.equal(one('In', 'disk', ['hdd']), false);
    assert.equal(one('NotIn', 'disk', ['hdd']), true);
    assert.equal(one('NotIn', 'zone', ['a']), true);
    assert.equal(one('Exists', 'disk'), true);
    assert.equal(one('DoesNotExist', 'disk'), false);
    assert.equal(one('Gt', 'cores', ['4']), true);
    assert.equal(one('Lt', 'cores', ['4']), false);
    assert.equal(one('Gt', 'zone', ['4']), false);
  });

  it('a refused expression (unknown operator, Gt without an integer) makes its term match nothing', () => {
    const terms = (operator: string, values: string[]) =>
      required({ matchExpressions: [{ key: 'disk', operator, values }] });
    assert.equal(matchesNodeSelection(ssd, terms('Equals', ['ssd'])), false);
    assert.equal(matchesNodeSelection(ssd, terms('Gt', ['many'])), false);
  });

  it('matchFields: metadata.name with In or NotIn and exactly one value', () => {
    const field = (operator: string, values: string[]) =>
      matchesNodeSelection(
        ssd,
        required({ matchFields: [{ key: 'metadata.name', operator, values }] }),
      );
    assert.equal(field('In', ['n1']), true);
    assert.equal(field('In', ['n2']), false);
    assert.equal(field('NotIn', ['n2']), true);
    assert.equal(field('In', ['n1', 'n2']), false);
    assert.equal(field('Exists', ['n1']), false);
  });

  it('terms are ORed, requirements within a term ANDed; an empty term matches nothing', () => {
    const hdd = { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] };
    const named = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] };
    assert.equal(matchesNodeSelection(ssd, required(hdd, named)), true);
    assert.equal(matchesNodeSelection(ssd, required({ ...hdd, ...named })), false);
    assert.equal(matchesNodeSelection(ssd, required({})), false);
    assert.equal(matchesNodeSelection(ssd, required()), false);
  });

  it('the nodeSelector must hold as well as the affinity', () => {
    const spec = {
      nodeSelector: { disk: 'hdd' },
      ...required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }),
    };
    assert.equal(matchesNodeSelection(ssd, spec), false);
    assert.equal(nodeMisfit(ssd, spec), "node(s) didn't match Pod's node affinity/selector");
  });
});
