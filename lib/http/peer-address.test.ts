import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEER_HEADER, peerAddress, stampPeerAddresses } from './peer-address';

test('the peer header is the socket address, whatever the client sent', async (t) => {
  stampPeerAddresses();
  stampPeerAddresses(); // idempotent: a second call does not wrap twice
  const seen: (string | string[] | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers[PEER_HEADER]);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const { port } = server.address() as AddressInfo;
  for (const headers of [{}, { [PEER_HEADER]: '203.0.113.9', 'x-forwarded-for': '203.0.113.9' }]) {
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, headers, localAddress: '127.0.0.1' }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  }
  assert.deepEqual(seen, ['127.0.0.1', '127.0.0.1']);
});

test('peerAddress reads the stamp, and is undefined without one', () => {
  const stamped = new Request('http://127.0.0.1/', { headers: { [PEER_HEADER]: '127.0.0.2' } });
  assert.equal(peerAddress(stamped), '127.0.0.2');
  assert.equal(peerAddress(new Request('http://127.0.0.1/')), undefined);
});
