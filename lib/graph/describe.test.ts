import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLabel } from './describe';

test('fitLabel keeps short labels and cuts long ones in the middle, keeping the unique tail', () => {
  assert.equal(fitLabel('shop/cart', 30), 'shop/cart');
  const pod = 'nginx-deployment-6d7c68d555-6kg82';
  const fitted = fitLabel(pod, 30);
  assert.equal(fitted.length, 30);
  assert.ok(fitted.endsWith('555-6kg82'), fitted);
  assert.ok(fitted.startsWith('nginx-deplo'), fitted);
  assert.ok(fitted.includes('…'));
});
