/**
 * Safe to copy: cluster values that a permissive apiserver accepts (a namespace, a targetRef, a
 * name holding shell syntax) never become shell syntax in a command the diagnosis offers; values
 * holding control or bidi characters leave their command out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { controllerSlices } from '../testing/endpoints';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { snapshotOf, withControllers } from '../testing/snapshots';
import { diagnoseAll } from './index';

const dir = mkdtempSync(join(tmpdir(), 'safe-commands-'));
const marker = join(dir, 'pwned');
const HOSTILE = `default $(touch ${marker}) ; touch ${marker} | sh ; \`touch ${marker}\``;

/** Every word the shell would hand kubectl, printed instead of run. */
function words(command: string): string[] {
  assert.match(command, /^kubectl /);
  const line = command.replace(/^kubectl /, "printf '%s\\n' ");
  return execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

function allCommands(snapshot: ReturnType<typeof snapshotOf>): string[] {
  return diagnoseAll(snapshot).flatMap((d) =>
    d.reasons.flatMap((r) => [...r.commands, ...(r.fix ? [r.fix.command] : [])]),
  );
}

describe('commands built from hostile cluster values', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a hostile namespace, Service name and targetRef namespace stay single words', () => {
    const svc = serviceRecord(HOSTILE, "we'b", { selector: { app: 'web' } });
    const live = deploymentPods(HOSTILE, 'web', 1, { labels: { app: 'web' } });
    const gone = podRecord(HOSTILE, 'web-deleted', { labels: { app: 'web' } });
    const typo = serviceRecord(HOSTILE, 'typo', { selector: { app: 'wbe' } });
    const snapshot = withControllers({
      services: [svc, typo],
      pods: live,
      endpointSlices: controllerSlices(svc, [...live, gone]),
    });
    const commands = allCommands(snapshot);
    assert.ok(commands.length > 5);
    for (const command of commands) {
      const argv = words(command);
      assert.ok(argv.includes(HOSTILE) || !command.includes('touch'), command);
    }
    assert.equal(existsSync(marker), false, 'no command ran anything');
  });

  it('a value with a newline or U+202E leaves its command out, never a half-quoted line', () => {
    for (const ns of ['bad\nrm -rf ~', 'abc\u202Egpj.exe']) {
      const svc = serviceRecord(ns, 'web', { selector: { app: 'web' } });
      const commands = allCommands(withControllers({ services: [svc], pods: [] }));
      for (const command of commands) {
        assert.ok(!command.includes('\n') && !command.includes('\u202E'), JSON.stringify(command));
      }
    }
  });

  it('an empty value is an explicit empty word', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: '' } });
    const commands = allCommands(snapshotOf({ services: [svc] }));
    const pods = commands.find((c) => c.includes('-l app='));
    assert.ok(pods);
    assert.ok(words(pods).includes('app='));
  });
});
