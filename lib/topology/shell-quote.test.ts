import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { commandList, kubectl, shellCommand, shellQuote } from './shell-quote';

const HOSTILE = [
  'default $(touch /tmp/pwned) ; curl x | sh ;',
  "it's",
  "'",
  '"double" `back` $HOME \\ ! * ? [a] {b} ~ # & | ; < > ( )',
  '',
  ' ',
  '-n',
  'app=nginx,tier=web',
  'ünïcödé',
];

describe('shellQuote', () => {
  it('leaves plain words bare and quotes everything else', () => {
    assert.equal(shellQuote('default'), 'default');
    assert.equal(shellQuote('app=nginx,tier=web'), 'app=nginx,tier=web');
    assert.equal(shellQuote('10.0.0.1:80'), '10.0.0.1:80');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(
      shellQuote('default $(touch /tmp/pwned) ; curl x | sh ;'),
      "'default $(touch /tmp/pwned) ; curl x | sh ;'",
    );
  });

  it('every hostile value reads back as exactly itself in a real sh (printf, no side effects)', () => {
    for (const value of HOSTILE) {
      const line = shellCommand(['printf', '%s', value]);
      assert.ok(line);
      // sh -c parses the line; printf echoes the one word back unchanged.
      const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
      assert.equal(out, value, line);
    }
  });
});

describe('shellCommand', () => {
  it('leaves out a command holding a newline, an escape or a bidi control', () => {
    assert.equal(shellCommand(['kubectl', 'get', 'pods', '-n', 'a\nrm -rf ~']), undefined);
    assert.equal(shellCommand(['kubectl', 'get', 'pods', '-n', 'abc\u202Edef']), undefined);
    assert.equal(shellCommand(['echo', '\u001b[31m']), undefined);
    assert.equal(shellCommand(['echo', 'a\u2066b']), undefined);
  });

  it('kubectl() and commandList() build and drop commands', () => {
    assert.equal(
      kubectl('get', 'pods', '-n', 'default $(x)', '-l', 'app=web'),
      "kubectl get pods -n 'default $(x)' -l app=web",
    );
    assert.deepEqual(commandList(kubectl('get', 'svc'), kubectl('get', 'a\nb')), [
      'kubectl get svc',
    ]);
  });
});
