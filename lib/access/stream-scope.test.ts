/**
 * An open stream's re-check when the cluster stops signing the person in: a 403 from the
 * cluster's sign-in check closes the stream; a check that cannot be made (503) keeps it. And
 * the session's own cluster: a token it no longer accepts (revoked after the stream opened)
 * closes the stream; a review it cannot answer now keeps it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problem } from '../api/problem';
import { ClusterSignInError } from '../auth/cluster-viewer';
import type { Viewer } from '../auth/viewer';
import type { Hub, Subscription } from '../k8s/hub';
import { makeScope } from './scope';
import { keepScopeCurrent } from './stream-scope';

const viewer: Viewer = {
  mode: 'token',
  user: { username: 'alice', groups: [] },
  token: 't',
  cluster: 'eu',
};
const scope = makeScope({ Service: true });

function watched(
  refusal: ClusterSignInError | undefined,
  tokenStillAccepted: () => Promise<boolean> = () => Promise.resolve(true),
) {
  let closed = 0;
  let asked = 0;
  const subscription = { close: () => void closed++ } as unknown as Subscription;
  const stop = keepScopeCurrent({} as Hub, subscription, viewer, scope, {
    recheckMs: 5,
    scopeOf: () => {
      asked++;
      return refusal ? Promise.reject(refusal) : Promise.resolve(scope);
    },
    tokenStillAccepted,
  });
  return { stop, closed: () => closed, asked: () => asked };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

test('a cluster that no longer accepts the token closes the stream, once', async () => {
  const w = watched(
    new ClusterSignInError(
      problem('not-signed-in-to-cluster', 'Cluster "us" does not accept your token', {
        cluster: 'us',
      }),
    ),
  );
  await until(() => w.closed() > 0);
  const askedAtClose = w.asked();
  await new Promise((r) => setTimeout(r, 40));
  w.stop();
  assert.equal(w.closed(), 1);
  assert.equal(w.asked(), askedAtClose, 'no check after the stream closed');
});

test('a check the cluster cannot answer now keeps the stream', async () => {
  const w = watched(
    new ClusterSignInError(problem('cluster-unavailable', 'cannot be checked right now')),
  );
  await until(() => w.asked() >= 3);
  w.stop();
  assert.equal(w.closed(), 0);
});

test('a token its own cluster no longer accepts closes the stream, once', async () => {
  let reviews = 0;
  let accepted = true;
  const w = watched(undefined, () => {
    reviews++;
    return Promise.resolve(accepted);
  });
  await until(() => w.asked() >= 2);
  assert.equal(w.closed(), 0, 'open while the token is accepted');
  accepted = false;
  await until(() => w.closed() > 0);
  const reviewsAtClose = reviews;
  await new Promise((r) => setTimeout(r, 40));
  w.stop();
  assert.equal(w.closed(), 1);
  assert.equal(reviews, reviewsAtClose, 'no review after the stream closed');
});

test('a review its own cluster cannot answer now keeps the stream', async () => {
  let reviews = 0;
  const w = watched(undefined, () => {
    reviews++;
    return Promise.reject(new Error('connect ECONNREFUSED'));
  });
  await until(() => reviews >= 3 && w.asked() >= 3);
  w.stop();
  assert.equal(w.closed(), 0);
});
