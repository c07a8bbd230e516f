import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseAll } from './diagnosis';
import { allReasonsCluster } from './diagnosis/testing/reason-fixtures';
import { buildTopology, buildTopologyWithDiagnoses } from './index';

describe('buildTopology: the map with health', () => {
  it('buildTopology health equals the diagnosis; diagnoseAll with or without the topology agree', () => {
    const snap = allReasonsCluster();
    const { topology, diagnoses } = buildTopologyWithDiagnoses(snap);
    const standalone = diagnoseAll(snap);
    const withTopology = diagnoseAll(snap, buildTopology(snap, { diagnose: false }));
    assert.deepEqual(diagnoses, standalone);
    assert.deepEqual(withTopology, standalone);
    for (const s of topology.services) {
      assert.equal(s.health, standalone.find((d) => d.serviceId === s.id)!.health);
    }
    assert.ok(
      buildTopology(snap, { diagnose: false }).services.every((s) => s.health === 'unknown'),
    );
  });
});
