/**
 * Every response carries the security headers, and the page still works under its
 * Content-Security-Policy: no CSP violation is reported while the map renders and streams.
 */
import { test, expect } from './fixtures';

test('the page, the API and the stream carry the security headers; the page runs under the CSP', async ({
  page,
  dashboard,
  request,
}) => {
  for (const path of ['/', '/api/graph', '/healthz']) {
    const response = await request.get(`${dashboard.url}${path}`);
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("object-src 'none'");
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).toContain("base-uri 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(headers['x-powered-by'], path).toBeUndefined();
  }
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${dashboard.url}/`);
  await expect(
    page.getByRole('treeitem', { name: /^Service default\/ingress-nginx/ }),
  ).toBeVisible();
  expect(violations).toEqual([]);
});
