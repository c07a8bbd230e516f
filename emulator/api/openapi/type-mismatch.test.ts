// Wrong JSON types found through the served schemas, worded as encoding/json (create, update,
// JSON/merge patch) and the unstructured converter (strategic merge patch) word them, with the Go
// type names reflect prints; null and open objects are never a mismatch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goTypeOf } from './go-types';
import { typeMismatch } from './type-mismatch';

const endpoints = (subset: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'mainframe-bridge', namespace: 'legacy' },
  subsets: [subset],
});

describe('typeMismatch (encoding/json)', () => {
  it('refuses an object where the schema has a list, naming the slice type', () => {
    assert.equal(
      typeMismatch(
        'endpoints',
        endpoints({ notReadyAddresses: { ip: '10.30.0.16' }, ports: [{ port: 8443 }] }),
      ),
      'json: cannot unmarshal object into Go struct field EndpointSubset.subsets.notReadyAddresses of type []v1.EndpointAddress',
    );
  });
  it('refuses a list or a scalar where the schema has an object', () => {
    assert.equal(
      typeMismatch('deployments', { metadata: [] }),
      'json: cannot unmarshal array into Go struct field Deployment.metadata of type v1.ObjectMeta',
    );
    assert.equal(
      typeMismatch('deployments', { metadata: {}, spec: { template: 'x' } }),
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec',
    );
    assert.equal(
      typeMismatch('deployments', { spec: { strategy: { rollingUpdate: 5 } } }),
      'json: cannot unmarshal number into Go struct field DeploymentStrategy.spec.strategy.rollingUpdate of type v1.RollingUpdateDeployment',
    );
  });
  it('names maps as Go prints them', () => {
    assert.equal(
      typeMismatch('services', { metadata: { labels: ['a'] } }),
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    );
    assert.equal(
      typeMismatch('pods', { spec: { containers: [{ name: 'c', resources: { limits: 'x' } }] } }),
      'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList',
    );
    assert.equal(
      typeMismatch('configmaps', { binaryData: { a: 1 } }),
      'json: cannot unmarshal number into Go struct field ConfigMap.binaryData of type []uint8',
    );
    assert.equal(
      typeMismatch('namespaces', { spec: { finalizers: 'kubernetes' } }),
      'json: cannot unmarshal string into Go struct field NamespaceSpec.spec.finalizers of type []v1.FinalizerName',
    );
  });
  it('checks list items (a string where a struct is expected) in the enclosing struct', () => {
    assert.equal(
      typeMismatch('endpoints', { subsets: ['x'] }),
      'json: cannot unmarshal string into Go struct field Endpoints.subsets of type v1.EndpointSubset',
    );
    assert.equal(
      typeMismatch('services', { spec: { ports: [{ port: '80' }] } }),
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    );
  });
  it('names an inline struct by its own type, not its parent', () => {
    assert.equal(
      typeMismatch('services', { status: { loadBalancer: { ingress: [{ ip: 1 }] } } }),
      'json: cannot unmarshal number into Go struct field LoadBalancerIngress.status.loadBalancer.ingress.ip of type string',
    );
  });
  it('reports the first mismatch in document order', () => {
    assert.match(
      typeMismatch('deployments', { spec: { replicas: 'a', selector: [] } }) ?? '',
      /DeploymentSpec\.spec\.replicas of type int32$/,
    );
  });
  it('takes null anywhere, and anything in open objects, RawExtension and IntOrString', () => {
    assert.equal(
      typeMismatch('endpoints', endpoints({ addresses: null, notReadyAddresses: null })),
      undefined,
    );
    assert.equal(
      typeMismatch('deployments', { metadata: null, spec: { selector: null, template: null } }),
      undefined,
    );
    assert.equal(
      typeMismatch('pods', { spec: { affinity: { x: [1] }, securityContext: { a: 'b' } } }),
      undefined,
    );
    assert.equal(typeMismatch('controllerrevisions', { data: 'anything', revision: 1 }), undefined);
    assert.equal(
      typeMismatch('services', { spec: { ports: [{ port: 80, targetPort: 'http' }] } }),
      undefined,
    );
  });
  it('refuses a non-object for an open field with a known Go type, and leaves its contents alone', () => {
    const spec = (podSpec: Record<string, unknown>) => ({ spec: { template: { spec: podSpec } } });
    assert.equal(
      typeMismatch('deployments', spec({ tolerations: 'x' })),
      'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.tolerations of type []v1.Toleration',
    );
    assert.equal(
      typeMismatch('deployments', spec({ tolerations: ['x'] })),
      'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.tolerations of type v1.Toleration',
    );
    assert.equal(
      typeMismatch('deployments', spec({ affinity: [] })),
      'json: cannot unmarshal array into Go struct field PodSpec.spec.template.spec.affinity of type v1.Affinity',
    );
    assert.equal(
      typeMismatch('deployments', spec({ tolerations: [{ key: 7 }], affinity: { x: 'y' } })),
      undefined,
    );
  });
  it('quotes a fractional or overflowing number, as encoding/json does', () => {
    assert.equal(
      typeMismatch('deployments', { spec: { replicas: 1.5 } }),
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    assert.equal(
      typeMismatch('deployments', { spec: { replicas: 3000000000 } }),
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    assert.equal(typeMismatch('deployments', { spec: { replicas: -2147483648 } }), undefined);
    assert.equal(typeMismatch('deployments', { metadata: { generation: 3000000000 } }), undefined);
  });
  it('reports a non-string time as Time.UnmarshalJSON does', () => {
    assert.equal(
      typeMismatch('pods', { metadata: { creationTimestamp: 5 } }),
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    );
  });
});

describe('typeMismatch (unstructured converter, strategic merge patch)', () => {
  const smp = (resource: Parameters<typeof typeMismatch>[0], object: unknown) =>
    typeMismatch(resource, object, 'unstructured');
  it('words leaves as converter.go does', () => {
    assert.equal(smp('deployments', { spec: { replicas: 'abc' } }), 'unrecognized type: int32');
    assert.equal(
      smp('deployments', { spec: { replicas: 1.5 } }),
      'cannot convert float64 to int32',
    );
    assert.equal(
      smp('services', { metadata: { labels: { a: 1 } } }),
      'cannot convert int64 to string',
    );
    assert.equal(
      smp('services', { spec: { publishNotReadyAddresses: 'yes' } }),
      'unrecognized type: bool',
    );
    assert.equal(smp('services', { spec: { type: true } }), 'unrecognized type: string');
  });
  it('words lists, structs and maps as converter.go does', () => {
    assert.equal(
      smp('endpoints', endpoints({ notReadyAddresses: { ip: '10.30.0.16' } })),
      'cannot restore slice from map',
    );
    assert.equal(
      smp('deployments', { spec: { template: [] } }),
      'cannot restore struct from: slice',
    );
    assert.equal(
      smp('deployments', { spec: { template: 3 } }),
      'cannot restore struct from: int64',
    );
    assert.equal(smp('services', { metadata: { labels: 'a' } }), 'cannot restore map from string');
    assert.equal(smp('configmaps', { binaryData: { a: 'aGk=' } }), undefined);
  });
});

describe('goTypeOf', () => {
  it('names refs, lists, maps and scalars as reflect prints them', () => {
    const ref = { $ref: '#/components/schemas/io.k8s.api.core.v1.EndpointAddress' };
    assert.equal(goTypeOf(ref, 'v1'), 'v1.EndpointAddress');
    assert.equal(goTypeOf({ type: 'array', items: ref }, 'v1'), '[]v1.EndpointAddress');
    assert.equal(
      goTypeOf({ type: 'object', additionalProperties: { type: 'string' } }, 'v1'),
      'map[string]string',
    );
    assert.equal(
      goTypeOf({ type: 'array', items: { type: 'array', items: { type: 'string' } } }, 'v1'),
      '[][]string',
    );
    assert.equal(goTypeOf({ type: 'integer', format: 'int64' }, 'v1'), 'int64');
    assert.equal(
      goTypeOf({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, 'v1'),
      undefined,
    );
    assert.equal(
      goTypeOf(
        { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        'v1',
      ),
      undefined,
    );
  });
});

describe('typeMismatch of IntOrString fields', () => {
  const deployment = (rollingUpdate: Record<string, unknown>) => ({
    spec: { strategy: { rollingUpdate } },
  });
  it('takes a string or an int32, and null', () => {
    for (const v of ['25%', 1, 0, -3, null])
      assert.equal(typeMismatch('deployments', deployment({ maxSurge: v })), undefined);
  });
  it('decodes anything else as an int32 (intstr.go), with the field named by encoding/json', () => {
    const at = 'Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate';
    assert.equal(
      typeMismatch('deployments', deployment({ maxSurge: true })),
      `json: cannot unmarshal bool into ${at}.maxSurge of type int32`,
    );
    assert.equal(
      typeMismatch('deployments', deployment({ maxUnavailable: {} })),
      `json: cannot unmarshal object into ${at}.maxUnavailable of type int32`,
    );
    assert.equal(
      typeMismatch('deployments', deployment({ maxSurge: 1.5 })),
      `json: cannot unmarshal number 1.5 into ${at}.maxSurge of type int32`,
    );
    assert.equal(
      typeMismatch('poddisruptionbudgets', { spec: { maxUnavailable: [1] } }),
      'json: cannot unmarshal array into Go struct field PodDisruptionBudgetSpec.spec.maxUnavailable of type int32',
    );
    assert.equal(
      typeMismatch('services', { spec: { ports: [{ port: 80, targetPort: {} }] } }),
      'json: cannot unmarshal object into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
    assert.equal(
      typeMismatch('networkpolicies', { spec: { ingress: [{ ports: [{ port: {} }] }] } }),
      'json: cannot unmarshal object into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32',
    );
  });
  it("checks probes' httpGet and tcpSocket ports", () => {
    const pod = (probe: Record<string, unknown>) => ({
      spec: { containers: [{ name: 'c', image: 'i', readinessProbe: probe }] },
    });
    assert.equal(
      typeMismatch('pods', pod({ httpGet: { port: [] } })),
      'json: cannot unmarshal array into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32',
    );
    assert.equal(
      typeMismatch('pods', pod({ tcpSocket: { port: false } })),
      'json: cannot unmarshal bool into Go struct field TCPSocketAction.spec.containers.readinessProbe.tcpSocket.port of type int32',
    );
    assert.equal(typeMismatch('pods', pod({ httpGet: { port: 'http', path: '/' } })), undefined);
  });
  it('wins over an earlier plain mismatch, which encoding/json only remembers', () => {
    assert.equal(
      typeMismatch('deployments', {
        spec: { replicas: 'x', strategy: { rollingUpdate: { maxSurge: {} } } },
      }),
      'json: cannot unmarshal object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    );
  });
  it('is the json.Unmarshal error itself through the unstructured converter', () => {
    assert.equal(
      typeMismatch('deployments', deployment({ maxSurge: true }), 'unstructured'),
      'json: cannot unmarshal bool into Go value of type int32',
    );
  });
});
