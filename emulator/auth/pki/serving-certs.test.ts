import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pemBlocks } from './key-files';
import { CERT_FILES, loadOrCreateServingCertificates } from './serving-certs';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'serving-certs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function leafOf(chain: string): X509Certificate {
  const [der] = pemBlocks(chain, 'CERTIFICATE');
  assert.ok(der);
  return new X509Certificate(der);
}

test('fresh material: a CA and a serving certificate for loopback and the kubernetes Service', async () => {
  const material = await loadOrCreateServingCertificates();
  const ca = new X509Certificate(material.caCertificate);
  const leaf = leafOf(material.certificateChain);
  assert.ok(ca.ca);
  assert.ok(!leaf.ca);
  assert.ok(leaf.checkIssued(ca));
  assert.ok(leaf.verify(ca.publicKey));
  for (const ip of ['127.0.0.1', '::1', '10.96.0.1']) assert.ok(leaf.checkIP(ip), ip);
  for (const host of ['localhost', 'kubernetes.default.svc']) assert.ok(leaf.checkHost(host), host);
  assert.equal(leaf.checkHost('example.com'), undefined);
  // The chain carries the CA after the serving certificate, as upstream's apiserver.crt does.
  assert.equal(pemBlocks(material.certificateChain, 'CERTIFICATE').length, 2);
});

test('a client that trusts only the CA completes a TLS handshake over loopback', async (t) => {
  const material = await loadOrCreateServingCertificates();
  const server = createServer(
    { cert: material.certificateChain, key: material.privateKey },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const get = (ca: string | undefined) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', ca, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  assert.equal(await get(material.caCertificate), 'ok');
  const other = await loadOrCreateServingCertificates();
  await assert.rejects(get(other.caCertificate), /self[- ]signed|unable to verify|certificate/i);
});

test('--cert-dir: upstream file names, keys owner-only, the same CA and certificate on restart', async (t) => {
  const dir = await tempDir(t);
  const first = await loadOrCreateServingCertificates({ certDir: dir });
  for (const file of Object.values(CERT_FILES)) await stat(join(dir, file));
  for (const file of [CERT_FILES.caKey, CERT_FILES.key]) {
    assert.equal((await stat(join(dir, file))).mode & 0o777, 0o600, file);
  }
  assert.equal(await readFile(join(dir, CERT_FILES.certificate), 'utf8'), first.certificateChain);
  const second = await loadOrCreateServingCertificates({ certDir: dir });
  assert.deepEqual(second, first);
});

test('--cert-dir: a new host or an expired serving certificate is re-issued from the same CA', async (t) => {
  const dir = await tempDir(t);
  const first = await loadOrCreateServingCertificates({ certDir: dir });
  const withHost = await loadOrCreateServingCertificates({ certDir: dir, hosts: ['192.0.2.7'] });
  assert.equal(withHost.caCertificate, first.caCertificate);
  assert.notEqual(withHost.privateKey, first.privateKey);
  assert.ok(leafOf(withHost.certificateChain).checkIP('192.0.2.7'));

  const later = new Date(Date.now() + 2 * 365 * 24 * 60 * 60 * 1000);
  const renewed = await loadOrCreateServingCertificates({ certDir: dir, now: () => later });
  assert.equal(renewed.caCertificate, first.caCertificate);
  assert.ok(new Date(leafOf(renewed.certificateChain).validTo) > later);
});

test('--cert-dir: a CA is never silently replaced', async (t) => {
  const dir = await tempDir(t);
  await loadOrCreateServingCertificates({ certDir: dir });
  const farFuture = new Date(Date.now() + 11 * 365 * 24 * 60 * 60 * 1000);
  await assert.rejects(
    loadOrCreateServingCertificates({ certDir: dir, now: () => farFuture }),
    /the CA in ca\.crt expired/,
  );

  const otherDir = await tempDir(t);
  await loadOrCreateServingCertificates({ certDir: otherDir });
  await writeFile(join(dir, CERT_FILES.caKey), await readFile(join(otherDir, CERT_FILES.caKey)));
  await assert.rejects(
    loadOrCreateServingCertificates({ certDir: dir }),
    /ca\.key is not the key of ca\.crt/,
  );

  await unlink(join(dir, CERT_FILES.caKey));
  await assert.rejects(
    loadOrCreateServingCertificates({ certDir: dir }),
    /found only one of ca\.crt and ca\.key/,
  );

  await writeFile(join(dir, CERT_FILES.caKey), 'not a key');
  await assert.rejects(loadOrCreateServingCertificates({ certDir: dir }), /cannot read the CA/);
});
