import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathWithSearch, signInHref } from './sign-in-path';

describe('the sign-in link', () => {
  it('brings a person back to the page and query they asked for', () => {
    const next = pathWithSearch('/', {
      ns: ['team-a', 'team-b'],
      focus: 'team-a/web',
      x: undefined,
    });
    assert.equal(next, '/?ns=team-a&ns=team-b&focus=team-a%2Fweb');
    assert.equal(signInHref(next), `/sign-in?next=${encodeURIComponent(next)}`);
    assert.equal(
      signInHref(pathWithSearch('/external-services/new', { namespace: 'team-a' })),
      '/sign-in?next=%2Fexternal-services%2Fnew%3Fnamespace%3Dteam-a',
    );
  });
  it('the map itself needs no next; a session that ended says so', () => {
    assert.equal(signInHref('/'), '/sign-in');
    assert.equal(signInHref('/', true), '/sign-in?ended=1');
  });
  it('never an open redirect: anything but a local path becomes the map', () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'evil', ''])
      assert.equal(signInHref(next), '/sign-in', next);
  });
});
