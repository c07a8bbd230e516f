/** Page titles: what, then where, then the product; the map's follows its open Service. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareTitle,
  formPageTitle,
  mapTitle,
  overviewTitle,
  pageTitle,
  searchTitle,
  serviceOfSearch,
  signInTitle,
} from './page-title';

describe('page titles', () => {
  it('name the map, its cluster and the open Service', () => {
    assert.equal(mapTitle('clu-a', 'shop/cart'), 'shop/cart · Map · clu-a — Switchboard');
    assert.equal(mapTitle('clu-a', null), 'Map · clu-a — Switchboard');
    assert.equal(mapTitle(null, null), 'Map — Switchboard');
  });

  it('quote a search, and cut a long one', () => {
    assert.equal(searchTitle('cart'), 'Search “cart” — Switchboard');
    assert.equal(searchTitle('  '), 'Search all clusters — Switchboard');
    assert.equal(searchTitle('x'.repeat(100)), `Search “${'x'.repeat(40)}…” — Switchboard`);
  });

  it('name the Service compared, the form and the other pages', () => {
    assert.equal(
      compareTitle(serviceOfSearch({ namespace: 'shop', name: 'cart' })),
      'Compare shop/cart — Switchboard',
    );
    assert.equal(compareTitle(serviceOfSearch({ namespace: 'shop' })), 'Compare — Switchboard');
    assert.equal(formPageTitle('new', null), 'New external Service — Switchboard');
    assert.equal(formPageTitle('new', 'clu-a'), 'New external Service · clu-a — Switchboard');
    assert.equal(
      formPageTitle('edit', null, { namespace: 'shop', name: 'web' }),
      'Edit endpoints of shop/web — Switchboard',
    );
    assert.equal(overviewTitle(), 'Clusters — Switchboard');
    assert.equal(signInTitle(), 'Sign in — Switchboard');
    assert.equal(pageTitle(), 'Switchboard');
  });
});
