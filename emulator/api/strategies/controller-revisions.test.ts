// ControllerRevisions: ValidateControllerRevision / ValidateControllerRevisionUpdate
// (pkg/apis/apps/validation/validation.go) and the revision's Go zero value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const revision = (extra: Record<string, unknown>, name = 'web-7d9f8b6c5'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name, namespace: 'default' },
  ...extra,
});

const data = { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'web' } } } } };

describe('ControllerRevision validation', () => {
  it('accepts data with a revision number', () => {
    assert.deepEqual(
      rendered(write('controllerrevisions', revision({ data, revision: 3 })).causes),
      [],
    );
  });
  it('stores an absent revision as 0', () => {
    const { object, causes } = write('controllerrevisions', revision({ data }));
    assert.equal(object.revision, 0);
    assert.deepEqual(causes, []);
  });
  it('requires data, a non-negative revision and a DNS-subdomain name', () => {
    const { causes } = write('controllerrevisions', revision({ revision: -1 }, 'Bad_Name'));
    assert.deepEqual(rendered(causes), [
      "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'data: Required value: data is mandatory',
      'revision: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.deepEqual(
      rendered(write('controllerrevisions', revision({ data: null, revision: 1 })).causes),
      ['data: Required value: data is mandatory'],
    );
  });
  it('keeps data immutable but lets the revision number move (a rollback)', () => {
    const previous = revision({ data, revision: 1 });
    const renumbered = write('controllerrevisions', revision({ data, revision: 4 }), { previous });
    assert.deepEqual(renumbered.causes, []);
    const changed = write('controllerrevisions', revision({ data: { spec: {} }, revision: 1 }), {
      previous,
    });
    assert.deepEqual(rendered(changed.causes), [
      'data: Invalid value: {"spec":{}}: field is immutable',
    ]);
  });
});
