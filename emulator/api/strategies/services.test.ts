// Service defaults, allocation and validation, each case checked against upstream's message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';
import type { ServiceSpec } from './services';

function svc(spec: ServiceSpec, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}
const spec = (o: KubeObject) => o.spec as ServiceSpec;
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('service defaults', () => {
  it('fills in what a minimal ClusterIP service gets from the apiserver', () => {
    const { object, causes } = write(
      'services',
      svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
    );
    assert.deepEqual(causes, []);
    const s = spec(object);
    assert.equal(s.type, 'ClusterIP');
    assert.equal(s.sessionAffinity, 'None');
    assert.equal(s.internalTrafficPolicy, 'Cluster');
    assert.equal(s.externalTrafficPolicy, undefined);
    assert.deepEqual(s.ipFamilies, ['IPv4']);
    assert.equal(s.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(s.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.match(s.clusterIP ?? '', /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.deepEqual(s.clusterIPs, [s.clusterIP]);
    assert.deepEqual(object.status, { loadBalancer: {} });
  });

  it('allocates clusterIPs outside the static band and distinct from existing ones', () => {
    const ctx = fakeContext();
    const a = write('services', svc({ ports: [{ port: 80 }] }), { ctx }).object;
    const ip = spec(a).clusterIP ?? '';
    const [, , c = 0] = ip.split('.').map(Number);
    assert.ok(!ip.startsWith('10.96.0.'), `dynamic allocation avoids 10.96.0.0/24: ${ip}`);
    assert.ok(c >= 0);
    const ctx2 = fakeContext([a]);
    assert.ok(ctx2.isClusterIPInUse(ip));
  });

  it('keeps a named targetPort and an explicit one', () => {
    const { object } = write(
      'services',
      svc({
        ports: [
          { name: 'http', port: 80, targetPort: 'web' },
          { name: 'm', port: 9090, targetPort: 9091 },
        ],
      }),
    );
    assert.deepEqual(
      spec(object).ports?.map((p) => p.targetPort),
      ['web', 9091],
    );
  });

  it('NodePort: keeps a requested nodePort, allocates the rest, sets externalTrafficPolicy', () => {
    const { object, causes } = write(
      'services',
      svc(
        {
          type: 'NodePort',
          selector: { app: 'nginx' },
          ports: [
            { name: 'http', port: 80, nodePort: 30001 },
            { name: 'https', port: 443 },
          ],
        },
        'ingress-nginx',
      ),
    );
    assert.deepEqual(causes, []);
    const ports = spec(object).ports ?? [];
    assert.equal(ports[0]?.nodePort, 30001);
    assert.ok((ports[1]?.nodePort ?? 0) >= 30000 && (ports[1]?.nodePort ?? 0) <= 32767);
    assert.notEqual(ports[1]?.nodePort, 30001);
    assert.equal(spec(object).externalTrafficPolicy, 'Cluster');
  });

  it('LoadBalancer: allocateLoadBalancerNodePorts and nodePorts', () => {
    const { object } = write('services', svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }));
    assert.equal(spec(object).allocateLoadBalancerNodePorts, true);
    assert.ok(spec(object).ports?.[0]?.nodePort);
    const noPorts = write(
      'services',
      svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }),
    ).object;
    assert.equal(spec(noPorts).ports?.[0]?.nodePort, undefined);
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort', () => {
    const { object, causes } = write(
      'services',
      svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
    );
    assert.deepEqual(causes, []);
    const health = spec(object).healthCheckNodePort ?? 0;
    assert.ok(health >= 30000 && health <= 32767);
    assert.notEqual(health, spec(object).ports?.[0]?.nodePort);
    const cluster = write('services', svc({ ports: [{ port: 80 }], healthCheckNodePort: 30555 }));
    assert.deepEqual(rendered(cluster.causes), [
      "spec.healthCheckNodePort: Invalid value: 30555: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ]);
  });

  it('headless: clusterIPs [None]; selector-less headless asks for RequireDualStack', () => {
    const withSel = write('services', svc({ clusterIP: 'None', selector: { app: 'db' } })).object;
    assert.deepEqual(spec(withSel).clusterIPs, ['None']);
    assert.equal(spec(withSel).ipFamilyPolicy, 'SingleStack');
    const { object, causes } = write('services', svc({ clusterIP: 'None' }));
    assert.deepEqual(causes, []);
    assert.equal(spec(object).ipFamilyPolicy, 'RequireDualStack');
  });

  it('ExternalName: no cluster IP, no families', () => {
    const { object, causes } = write(
      'services',
      svc({ type: 'ExternalName', externalName: 'db.example.com.' }),
    );
    assert.deepEqual(causes, []);
    assert.equal(spec(object).clusterIP, undefined);
    assert.equal(spec(object).ipFamilies, undefined);
    assert.equal(spec(object).internalTrafficPolicy, undefined);
  });

  it('ClientIP affinity gets the default timeout', () => {
    const { object } = write(
      'services',
      svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }),
    );
    assert.deepEqual(spec(object).sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  });
});

describe('service allocation conflicts', () => {
  const existing = write(
    'services',
    svc(
      { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 53, nodePort: 30001 }] },
      'taken',
    ),
  ).object;
  const ctx = () => fakeContext([existing]);

  it('nodePort already allocated', () => {
    const { causes } = write(
      'services',
      svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }),
      { ctx: ctx() },
    );
    assert.deepEqual(rendered(causes), [
      'spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated',
    ]);
  });
  it('nodePort outside 30000-32767', () => {
    const { causes } = write(
      'services',
      svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }),
      { ctx: ctx() },
    );
    assert.deepEqual(rendered(causes), [
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });
  it('clusterIP already allocated', () => {
    const { causes } = write('services', svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), {
      ctx: ctx(),
    });
    assert.deepEqual(rendered(causes), [
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ]);
  });
  it('clusterIP outside the service CIDR (1.33 allocates from ServiceCIDRs and words it so)', () => {
    const outside = svc({ clusterIP: '10.0.0.5', ports: [{ port: 80 }] });
    assert.deepEqual(rendered(write('services', outside, { ctx: ctx() }).causes), [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided network does not match the current range',
    ]);
    const ctx32 = fakeContext([existing], 32);
    assert.deepEqual(rendered(write('services', outside, { ctx: ctx32 }).causes), [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ]);
  });
  it('a free explicit clusterIP is accepted', () => {
    const { object, causes } = write(
      'services',
      svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }),
      { ctx: ctx() },
    );
    assert.deepEqual(causes, []);
    assert.deepEqual(spec(object).clusterIPs, ['10.96.0.11']);
  });
});

describe('service updates', () => {
  const created = write(
    'services',
    svc({ type: 'NodePort', selector: { app: 'a' }, ports: [{ name: 'http', port: 80 }] }),
  ).object;
  created.metadata.resourceVersion = '5';
  const ctx = () => fakeContext([created]);
  const changed = (mutate: (s: ServiceSpec) => void) => {
    const next = structuredClone(created);
    mutate(next.spec as ServiceSpec);
    return next;
  };

  it('clusterIP may not change once set', () => {
    const { causes } = write(
      'services',
      changed((s) => {
        s.clusterIP = '10.96.5.5';
        s.clusterIPs = ['10.96.5.5'];
      }),
      { previous: created, ctx: ctx() },
    );
    assert.deepEqual(rendered(causes), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set',
    ]);
  });
  it('patching only spec.clusterIP is a change of clusterIPs too, refused', () => {
    const { causes } = write(
      'services',
      changed((s) => {
        s.clusterIP = '10.96.0.99';
      }),
      { previous: created, ctx: ctx() },
    );
    assert.deepEqual(rendered(causes), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    ]);
  });
  it('clusterIP and clusterIPs must agree', () => {
    const { causes } = write(
      'services',
      svc({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.21'], ports: [{ port: 80 }] }),
    );
    assert.deepEqual(rendered(causes), [
      'spec.clusterIPs: Invalid value: []string{"10.96.0.21"}: first value must match `clusterIP`',
    ]);
  });
  it('omitting clusterIP and nodePort keeps the allocated values', () => {
    const next = changed((s) => {
      delete s.clusterIP;
      delete s.clusterIPs;
      delete s.ports?.[0]?.nodePort;
    });
    const { object, causes } = write('services', next, { previous: created, ctx: ctx() });
    assert.deepEqual(causes, []);
    assert.equal(spec(object).clusterIP, spec(created).clusterIP);
    assert.equal(spec(object).ports?.[0]?.nodePort, spec(created).ports?.[0]?.nodePort);
  });
  it('NodePort → ClusterIP releases unchanged nodePorts', () => {
    const { object, causes } = write(
      'services',
      changed((s) => {
        s.type = 'ClusterIP';
        delete s.externalTrafficPolicy;
      }),
      { previous: created, ctx: ctx() },
    );
    assert.deepEqual(causes, []);
    assert.equal(spec(object).ports?.[0]?.nodePort, undefined);
  });
  it('the service keeps its own nodePort without a conflict', () => {
    const { causes } = write(
      'services',
      changed((s) => {
        s.selector = { app: 'b' };
      }),
      { previous: created, ctx: ctx() },
    );
    assert.deepEqual(causes, []);
  });
});

describe('service validation', () => {
  const cases: { name: string; service: KubeObject; want: string[] }[] = [
    {
      name: 'DNS-1035 name',
      service: svc({ ports: [{ port: 80 }] }, '1web'),
      want: [`metadata.name: Invalid value: "1web": ${DNS1035}`],
    },
    {
      name: 'dots are not allowed in service names',
      service: svc({ ports: [{ port: 80 }] }, 'web.v1'),
      want: [`metadata.name: Invalid value: "web.v1": ${DNS1035}`],
    },
    {
      name: 'missing name',
      service: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { namespace: 'default' },
        spec: { ports: [{ port: 80 }] },
      },
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'ports required',
      service: svc({ selector: { a: 'b' } }),
      want: ['spec.ports: Required value'],
    },
    {
      name: 'headless needs no ports',
      service: svc({ clusterIP: 'None', selector: { a: 'b' } }),
      want: [],
    },
    {
      name: 'names required with two ports',
      service: svc({ ports: [{ port: 80 }, { port: 443 }] }),
      want: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    },
    { name: 'single port needs no name', service: svc({ ports: [{ port: 80 }] }), want: [] },
    {
      name: 'duplicate port names',
      service: svc({
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
        ],
      }),
      want: ['spec.ports[1].name: Duplicate value: "http"'],
    },
    {
      name: 'port name must be a DNS label',
      service: svc({ ports: [{ name: 'HTTP', port: 80 }] }),
      want: [
        "spec.ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    {
      name: 'port 0',
      service: svc({ ports: [{ port: 0, targetPort: 80 }] }),
      want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'port 65536',
      service: svc({ ports: [{ port: 65536, targetPort: 80 }] }),
      want: ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'protocol HTTP',
      service: svc({ ports: [{ port: 80, protocol: 'HTTP' }] }),
      want: [
        'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'UDP and SCTP are fine',
      service: svc({
        ports: [
          { name: 'a', port: 53, protocol: 'UDP' },
          { name: 'b', port: 53, protocol: 'TCP' },
          { name: 'c', port: 9, protocol: 'SCTP' },
        ],
      }),
      want: [],
    },
    {
      name: 'targetPort out of range',
      service: svc({ ports: [{ port: 80, targetPort: 70000 }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'targetPort must be an IANA_SVC_NAME',
      service: svc({ ports: [{ port: 80, targetPort: 'Web_Port' }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    },
    {
      name: 'targetPort too long',
      service: svc({ ports: [{ port: 80, targetPort: 'a-very-long-port-name' }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: "a-very-long-port-name": must be no more than 15 characters',
      ],
    },
    {
      name: 'targetPort with no letter',
      service: svc({ ports: [{ port: 80, targetPort: '80-80' }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: "80-80": must contain at least one letter (a-z)',
      ],
    },
    {
      name: 'duplicate port/protocol',
      service: svc({
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      }),
      want: [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    },
    {
      name: 'ExternalName needs externalName',
      service: svc({ type: 'ExternalName' }),
      want: ['spec.externalName: Required value'],
    },
    {
      name: 'externalName must be a DNS subdomain',
      service: svc({ type: 'ExternalName', externalName: 'Bad_Name' }),
      want: [
        "spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    },
    {
      name: 'ExternalName may not carry a clusterIP',
      service: svc({ type: 'ExternalName', externalName: 'a.b', clusterIP: '10.96.0.50' }),
      want: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    },
    {
      name: 'unknown type',
      service: svc({ type: 'Foo', ports: [{ port: 80 }] }),
      want: [
        'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    },
    {
      name: 'nodePort on ClusterIP',
      service: svc({ type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] }),
      want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'headless NodePort',
      service: svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }),
      want: [
        'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
      ],
    },
    {
      name: 'clusterIP must be an IP',
      service: svc({ clusterIP: 'abc', ports: [{ port: 80 }] }),
      want: [
        'spec.clusterIPs[0]: Invalid value: "abc": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    },
    {
      name: 'selector values are label values',
      service: svc({ selector: { app: 'no spaces' }, ports: [{ port: 80 }] }),
      want: [
        "spec.selector: Invalid value: \"no spaces\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
    {
      name: 'selector keys are qualified names',
      service: svc({ selector: { 'bad key': 'x' }, ports: [{ port: 80 }] }),
      want: [
        "spec.selector: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    },
    {
      name: 'externalIPs may not be loopback',
      service: svc({ externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] }),
      want: [
        'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'externalIPs must parse',
      service: svc({ externalIPs: ['1.2.3'], ports: [{ port: 80 }] }),
      want: [
        'spec.externalIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    },
    {
      name: 'sessionAffinity',
      service: svc({ sessionAffinity: 'Sticky', ports: [{ port: 80 }] }),
      want: [
        'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
      ],
    },
    {
      name: 'externalTrafficPolicy on ClusterIP',
      service: svc({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
      want: [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      ],
    },
    {
      name: 'IPv6 on a single-stack IPv4 cluster',
      service: svc({ ipFamilies: ['IPv6'], ports: [{ port: 80 }] }),
      want: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'],
    },
    {
      name: 'RequireDualStack on a single-stack cluster',
      service: svc({ ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] }),
      want: [
        'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
      ],
    },
    {
      name: 'label validation on metadata',
      service: {
        ...svc({ ports: [{ port: 80 }] }),
        metadata: { name: 'web', namespace: 'default', labels: { app: '-x' } },
      },
      want: [
        "metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(rendered(write('services', c.service).causes), c.want));
  }

  it('reports every cause with its reason', () => {
    const { causes } = write(
      'services',
      svc({ ports: [{ port: 0, protocol: 'HTTP' }, { port: 1 }] }),
    );
    assert.deepEqual(
      causes.map((c) => c.reason),
      [
        'FieldValueRequired', // ports[0].name
        'FieldValueInvalid', // ports[0].port
        'FieldValueNotSupported', // ports[0].protocol
        'FieldValueInvalid', // ports[0].targetPort, defaulted to the invalid port
        'FieldValueRequired', // ports[1].name
      ],
    );
  });
});
