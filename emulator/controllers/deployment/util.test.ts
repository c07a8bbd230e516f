// The revision-history bookkeeping of SetNewReplicaSetAnnotations, ported from upstream's
// pkg/controller/deployment/util/deployment_util_test.go TestAnnotationUtils (a 5-character
// limit keeps the last two revisions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendRevisionHistory, MAX_REVISION_HISTORY_CHARS } from './util';

describe('appendRevisionHistory', () => {
  it('TestAnnotationUtils: revisions 11 to 20 with a 5-character limit', () => {
    let revision: string | undefined;
    let history: string | undefined;
    for (let i = 10; i < 20; i++) {
      const next = String(i + 1);
      if (revision !== undefined && Number(revision) < Number(next)) {
        history = appendRevisionHistory(history, revision, 5) ?? history;
      }
      revision = next;
      if (i >= 12) assert.equal(history, `${i - 1},${i}`);
    }
  });

  it('starts a history, appends to it, and gives up only when nothing can make room', () => {
    assert.equal(appendRevisionHistory(undefined, '1'), '1');
    assert.equal(appendRevisionHistory('', '4'), '4');
    assert.equal(appendRevisionHistory('1', '3'), '1,3');
    assert.equal(appendRevisionHistory('1,3', '5', 3), '3,5', 'the oldest dropped');
    assert.equal(appendRevisionHistory('1,3', '5', 2), '5');
    assert.equal(appendRevisionHistory('1', '12345', 3), undefined);
    assert.equal(MAX_REVISION_HISTORY_CHARS, 2000);
  });
});
