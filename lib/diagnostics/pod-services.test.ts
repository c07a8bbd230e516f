import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PodServices } from './pod-services';

const sorted = (set: Set<string>) => [...set].sort();

describe('PodServices', () => {
  it('answers the current memberships, and ended ones for the grace after they end', () => {
    const pods = new PodServices(1000);
    pods.add('default/web-1', 'default/web');
    pods.add('default/web-1', 'default/all');
    pods.remove('default/web-1', 'default/web', 5000);
    assert.deepEqual(sorted(pods.servicesOf('default/web-1', 5999)), [
      'default/all',
      'default/web',
    ]);
    assert.deepEqual(sorted(pods.servicesOf('default/web-1', 6000)), ['default/all']);
    assert.deepEqual(sorted(pods.servicesOf('default/other', 6000)), []);
  });

  it('a membership that resumes and ends again expires from its last end', () => {
    const pods = new PodServices(1000);
    pods.add('default/web-1', 'default/web');
    pods.remove('default/web-1', 'default/web', 1000);
    pods.add('default/web-1', 'default/web');
    pods.remove('default/web-1', 'default/web', 1800);
    // The first ending's expiry (2000) must not forget the second (due at 2800).
    assert.deepEqual(sorted(pods.servicesOf('default/web-1', 2500)), ['default/web']);
    assert.deepEqual(sorted(pods.servicesOf('default/web-1', 2800)), []);
  });

  it('removing a membership the pod never had changes nothing', () => {
    const pods = new PodServices(1000);
    pods.remove('default/web-1', 'default/web', 0);
    assert.deepEqual(sorted(pods.servicesOf('default/web-1', 1)), []);
  });

  it('expires thousands of endings and still answers the recent ones', () => {
    const pods = new PodServices(1000);
    for (let i = 0; i < 5000; i++) {
      pods.add(`default/p-${i}`, 'default/web');
      pods.remove(`default/p-${i}`, 'default/web', i);
    }
    assert.deepEqual(sorted(pods.servicesOf('default/p-10', 4500)), []);
    assert.deepEqual(sorted(pods.servicesOf('default/p-4000', 4500)), ['default/web']);
  });
});
