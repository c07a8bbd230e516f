/**
 * Who may talk to the running dashboard, tested over real HTTP against the built server:
 * a request addressed to a name it does not answer to (DNS rebinding) is refused for pages, the
 * API and writes alike, even when its `Origin` agrees with its `Host`; the write audit line names
 * the socket's address and the `Origin`, whatever address headers the client sent.
 */
import http from 'node:http';
import { test, expect } from './fixtures';

function send(
  url: string,
  options: { method?: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

test('a rebinding name is refused for pages, the API and writes; IP literals and localhost are served', async ({
  dashboard,
}) => {
  const port = new URL(dashboard.url).port;
  const rebinding = `rebind.evil.example:${port}`;
  for (const path of ['/', '/api/graph', '/external-services/new']) {
    const refused = await send(`${dashboard.url}${path}`, { headers: { host: rebinding } });
    expect(refused.status, path).toBe(403);
    expect(refused.body, path).toContain('does not answer to the name rebind.evil.example');
    expect(refused.body, path).not.toContain('ingress-nginx');
  }
  const write = await send(`${dashboard.url}/api/external-services`, {
    method: 'POST',
    headers: {
      host: rebinding,
      origin: `http://${rebinding}`,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
    },
    body: '{}',
  });
  expect(write.status).toBe(403);
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    expect((await send(`${dashboard.url}/api/graph`, { headers: { host } })).status, host).toBe(
      200,
    );
  }
});

test('the write audit line names the socket address and the Origin, not what the client claims', async ({
  dashboard,
}) => {
  const answer = await send(`${dashboard.url}/api/external-services`, {
    method: 'POST',
    headers: {
      origin: dashboard.url,
      'content-type': 'application/json',
      'x-forwarded-for': '203.0.113.50',
      'x-switchboard-peer': '203.0.113.51',
    },
    body: JSON.stringify({ input: { namespace: 'default', name: 'Not A Name' }, hash: 'x' }),
  });
  expect(answer.status).toBe(422);
  await expect
    .poll(() =>
      dashboard
        .logs()
        .split('\n')
        .filter((line) => line.includes('"audit":"switchboard.write"')),
    )
    .toHaveLength(1);
  const line = dashboard
    .logs()
    .split('\n')
    .find((l) => l.includes('"audit":"switchboard.write"'))!;
  const entry = JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
  expect(entry.client).toBe('127.0.0.1');
  expect(entry.origin).toBe(dashboard.url);
  expect(entry.status).toBe('invalid');
  expect(line).not.toContain('203.0.113.5');
});
