// The one resource registry (emulator/core/resources.ts) is complete: every stored resource has
// its strategy, its Table printer, its OpenAPI schemas and its discovery entry, so a kind added
// to the registry cannot be half-served.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GROUP_VERSIONS, RESOURCE_NAMES, RESOURCES } from '../core/resources';
import { apiResourceList } from './discovery';
import { STRATEGY_TABLE as STRATEGIES } from './strategies';
import { openAPIDocument, schemaName } from './openapi/documents';
import { COMPONENTS } from './openapi/schemas';
import { PRINTERS } from './tables/printers';

describe('resource registry', () => {
  for (const name of RESOURCE_NAMES) {
    const info = RESOURCES[name];
    it(`${name}: strategy, printer, schemas, discovery and OpenAPI paths`, () => {
      assert.ok(STRATEGIES[name], 'strategy');
      assert.ok(PRINTERS[name].columns.length > 0, 'printer');
      for (const kind of [info.kind, info.listKind])
        assert.ok(COMPONENTS[schemaName(info.group, info.version, kind)], `${kind} schema`);
      const list = apiResourceList(info.group, info.version, 33) as {
        resources: { name: string }[];
      };
      const names = list.resources.map((r) => r.name);
      assert.ok(names.includes(name), 'discovery');
      for (const sub of info.subresources) assert.ok(names.includes(`${name}/${sub.name}`));
      const key = info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
      const doc = JSON.parse(openAPIDocument(key, 33)?.body ?? '{}') as {
        paths: Record<string, unknown>;
      };
      const collection = info.namespaced
        ? `/${key}/namespaces/{namespace}/${name}`
        : `/${key}/${name}`;
      assert.ok(doc.paths[collection], 'collection path');
      assert.ok(doc.paths[`${collection}/{name}`], 'item path');
    });
  }
  it('lists every named group once', () => {
    const groups = GROUP_VERSIONS.map((g) => g.group);
    assert.equal(new Set(groups).size, groups.length);
    for (const name of RESOURCE_NAMES)
      if (RESOURCES[name].group) assert.ok(groups.includes(RESOURCES[name].group), name);
  });
});
