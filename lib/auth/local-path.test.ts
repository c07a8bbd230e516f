/** Only a path on this site is a place a sign-in sends a person afterwards (lib/auth/local-path.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localPath } from './local-path';

test('a path on this site is kept with its query and fragment', () => {
  assert.equal(localPath('/'), '/');
  assert.equal(localPath('/a/b?c=d#e'), '/a/b?c=d#e');
  assert.equal(localPath('/%2F%2Fevil.example'), '/%2F%2Fevil.example');
  assert.equal(localPath('/external-services/new?ns=team-a'), '/external-services/new?ns=team-a');
});

test('anything else is /', () => {
  for (const next of [
    null,
    undefined,
    '',
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\tx',
    '/\nx',
  ]) {
    assert.equal(localPath(next), '/', JSON.stringify(next));
  }
});
