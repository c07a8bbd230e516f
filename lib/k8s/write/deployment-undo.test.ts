/**
 * The rollout-undo patch as kubectl's DeploymentRollbacker builds it, against a fake API server
 * answering one ReplicaSet list: the previous revision's template without pod-template-hash,
 * the annotations kubectl keeps and copies, and kubectl's words where it would send nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeSend } from './client';
import { planDeploymentUndo } from './deployment-undo';

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'cart', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'cart', image }] },
});

function replicaSet(revision: string, image: string, owner = 'uid-cart', extra = {}) {
  return {
    metadata: {
      name: `cart-${revision}`,
      annotations: { 'deployment.kubernetes.io/revision': revision, ...extra },
      ownerReferences: [{ kind: 'Deployment', name: 'cart', uid: owner, controller: true }],
    },
    spec: { template: template(image, `h${revision}`) },
  };
}

const deployment = (image: string, paused = false) => ({
  metadata: {
    name: 'cart',
    uid: 'uid-cart',
    annotations: {
      'deployment.kubernetes.io/revision': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'bad image',
    },
  },
  spec: { paused, template: template(image) },
});

function sendListing(items: unknown[]): { send: KubeSend; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    send: async (request) => {
      paths.push(`${request.method} ${request.path}`);
      return { status: 200, body: { items } };
    },
  };
}

const HISTORY = [
  replicaSet('1', 'cart:1'),
  replicaSet('2', 'cart:2', 'uid-cart', { 'kubernetes.io/change-cause': 'cart 2' }),
  replicaSet('3', 'cart:bad'),
  replicaSet('9', 'other:9', 'uid-other'),
];

describe('planDeploymentUndo (kubectl rollout undo as data)', () => {
  it('no revision asked: the second newest of its own ReplicaSets, hash label dropped', async () => {
    const { send, paths } = sendListing(HISTORY);
    const plan = await planDeploymentUndo(send, deployment('cart:bad'), 'shop', undefined);
    assert.deepEqual(paths, ['GET /apis/apps/v1/namespaces/shop/replicasets']);
    assert.deepEqual(plan, {
      revision: 2,
      patch: [
        { op: 'replace', path: '/spec/template', value: template('cart:2') },
        {
          op: 'replace',
          path: '/metadata/annotations',
          value: {
            'deployment.kubernetes.io/revision': '3',
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
            'kubernetes.io/change-cause': 'cart 2',
          },
        },
      ],
    });
  });

  it('--to-revision=1: that revision', async () => {
    const plan = await planDeploymentUndo(
      sendListing(HISTORY).send,
      deployment('cart:bad'),
      'shop',
      1,
    );
    assert.ok('patch' in plan && plan.revision === 1);
    assert.deepEqual((plan.patch[0] as { value: unknown }).value, template('cart:1'));
  });

  it("kubectl's words where it sends nothing", async () => {
    const only = sendListing([replicaSet('3', 'cart:bad')]).send;
    assert.deepEqual(await planDeploymentUndo(only, deployment('cart:bad'), 'shop', undefined), {
      note: 'no rollout history found for deployment "cart"',
    });
    assert.deepEqual(await planDeploymentUndo(only, deployment('cart:bad'), 'shop', 7), {
      note: 'unable to find specified revision 7 in history',
    });
    const all = sendListing(HISTORY).send;
    assert.match(
      ((await planDeploymentUndo(all, deployment('cart:bad', true), 'shop', 1)) as { note: string })
        .note,
      /^you cannot rollback a paused deployment; resume it first/,
    );
    assert.deepEqual(await planDeploymentUndo(all, deployment('cart:2'), 'shop', 2), {
      note: 'skipped rollback (current template already matches revision 2)',
    });
  });

  it('a refused list is an error with its status', async () => {
    const send: KubeSend = async () => ({ status: 403, body: { message: 'forbidden: no list' } });
    assert.deepEqual(await planDeploymentUndo(send, deployment('x'), 'shop', undefined), {
      error: 'forbidden: no list',
      status: 403,
    });
  });
});
