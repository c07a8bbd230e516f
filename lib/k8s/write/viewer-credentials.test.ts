/**
 * What goes on the wire for each viewer, seen by a loopback HTTPS server that asks for a client
 * certificate: the dashboard's kubeconfig has a client certificate AND a token, as kind's and
 * kubeadm's admin kubeconfigs do. Without sign-in both go out; impersonation adds one
 * `Impersonate-Group` line per group; token mode sends the person's token and no certificate
 * (a certificate would authenticate the connection as the dashboard).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import type { Viewer } from '@/lib/auth/viewer';
import { kubeSendFor } from './viewer-credentials';

interface Seen {
  certificate: string | undefined;
  rawHeaders: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-creds-'));
function selfSigned(name: string, extra: string[] = []) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

let server: https.Server;
let dashboard: KubeConfig;
const seen: Seen[] = [];

before(async () => {
  const serving = selfSigned('127.0.0.1', ['-addext', 'subjectAltName=IP:127.0.0.1']);
  const client = selfSigned('switchboard-dashboard');
  server = https.createServer(
    { ...serving, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const cn = peer?.subject?.CN;
      seen.push({
        certificate: typeof cn === 'string' ? cn : undefined,
        rawHeaders: req.rawHeaders,
      });
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  dashboard = new KubeConfig();
  dashboard.loadFromOptions({
    clusters: [
      { name: 'c', server: `https://127.0.0.1:${port}`, caData: serving.cert.toString('base64') },
    ],
    users: [
      {
        name: 'dashboard',
        token: 'dashboard-token',
        certData: client.cert.toString('base64'),
        keyData: client.key.toString('base64'),
      },
    ],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'dashboard' }],
    currentContext: 'ctx',
  });
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function sendAs(viewer: Viewer): Promise<Seen> {
  const response = await kubeSendFor(dashboard, viewer)({ method: 'GET', path: '/api' });
  assert.equal(response.status, 200);
  const last = seen.at(-1);
  assert.ok(last);
  return last;
}

/** Every value of a header, one per line as sent. */
const lines = (raw: string[], name: string) =>
  raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]] : []));

describe('viewer credentials on the wire', () => {
  it('no sign-in: the dashboard presents its certificate and token', async () => {
    const wire = await sendAs({ mode: 'none' });
    assert.equal(wire.certificate, 'switchboard-dashboard');
    assert.deepEqual(lines(wire.rawHeaders, 'authorization'), ['Bearer dashboard-token']);
    assert.deepEqual(lines(wire.rawHeaders, 'impersonate-user'), []);
  });

  it('proxy/oidc: the dashboard impersonates the user with one header line per group', async () => {
    const wire = await sendAs({
      mode: 'proxy',
      user: { username: 'alice@example.com', groups: ['team-a', 'sre, ops'] },
    });
    assert.equal(wire.certificate, 'switchboard-dashboard');
    assert.deepEqual(lines(wire.rawHeaders, 'impersonate-user'), ['alice@example.com']);
    // A group name may itself hold a comma: only separate lines keep it one group.
    assert.deepEqual(lines(wire.rawHeaders, 'impersonate-group'), ['team-a', 'sre, ops']);
    const none = await sendAs({ mode: 'oidc', user: { username: 'bob', groups: [] } });
    assert.deepEqual(lines(none.rawHeaders, 'impersonate-user'), ['bob']);
    assert.deepEqual(lines(none.rawHeaders, 'impersonate-group'), []);
  });

  it("token: the person's token, no client certificate, nothing of the dashboard", async () => {
    const wire = await sendAs({
      mode: 'token',
      user: { username: 'carol', groups: [] },
      token: 'carol-token',
    });
    assert.equal(wire.certificate, undefined);
    assert.deepEqual(lines(wire.rawHeaders, 'authorization'), ['Bearer carol-token']);
    assert.deepEqual(lines(wire.rawHeaders, 'impersonate-user'), []);
    assert.ok(!wire.rawHeaders.join('\n').includes('dashboard-token'));
  });
});
