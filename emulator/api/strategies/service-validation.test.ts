// ValidateService as upstream's TestValidateServiceCreate (pkg/apis/core/validation/
// validation_test.go) tables it, part 1: metadata, ports, cluster IPs and families, external IPs,
// ExternalName and headless services. Each case starts from upstream's makeValidService() and
// tweaks it; upstream counts the errors, these cases also pin every message word for word (the
// texts of pkg/apis/core/validation/validation.go). Part 2: service-validation-traffic.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rendered } from '../testdata/context';
import { validateService } from './service-validation';
import { headless, makeValidService, type ServiceCase } from './testing/services';

const CASES: ServiceCase[] = [
  {
    name: 'invalid name',
    tweak: (s) => {
      s.metadata.name = '-123abc';
    },
    want: [
      "metadata.name: Invalid value: \"-123abc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  {
    name: 'too long name',
    tweak: (s) => {
      s.metadata.name = 'a'.repeat(64);
    },
    want: [
      'metadata.name: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters',
    ],
  },
  {
    name: 'invalid generateName',
    tweak: (s) => {
      s.metadata.generateName = '-123abc';
    },
    want: [
      "metadata.generateName: Invalid value: \"-123abc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  {
    name: 'invalid label',
    tweak: (s) => {
      s.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
    },
    want: [
      "metadata.labels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  {
    name: 'invalid annotation',
    tweak: (s) => {
      s.metadata.annotations = { 'NoSpecialCharsLike=Equals': 'bar' };
    },
    want: [
      "metadata.annotations: Invalid value: \"NoSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  {
    name: 'nil selector',
    tweak: (s) => {
      delete s.spec.selector;
    },
    want: [],
  },
  {
    name: 'invalid selector',
    tweak: (s) => {
      s.spec.selector = { 'NoSpecialCharsLike=Equals': 'bar' };
    },
    want: [
      "spec.selector: Invalid value: \"NoSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  {
    name: 'missing type',
    tweak: (s) => {
      delete s.spec.type;
    },
    want: ['spec.type: Required value'],
  },
  {
    name: 'missing ports',
    tweak: (s) => {
      delete s.spec.ports;
    },
    want: ['spec.ports: Required value'],
  },
  {
    name: 'missing ports but headless',
    tweak: (s) => {
      delete s.spec.ports;
      headless(s);
    },
    want: [],
  },
  {
    name: 'empty port[0] name',
    tweak: (s) => {
      delete s.spec.ports![0]!.name;
    },
    want: [],
  },
  {
    name: 'empty port[1] name',
    tweak: (s) => {
      s.spec.ports!.push({ protocol: 'TCP', port: 12345, targetPort: 12345 });
    },
    want: ['spec.ports[1].name: Required value'],
  },
  {
    name: 'empty multi-port port[0] name',
    tweak: (s) => {
      delete s.spec.ports![0]!.name;
      s.spec.ports!.push({ name: 'p', protocol: 'TCP', port: 12345, targetPort: 12345 });
    },
    want: ['spec.ports[0].name: Required value'],
  },
  {
    name: 'invalid port name',
    tweak: (s) => {
      s.spec.ports![0]!.name = 'INVALID';
    },
    want: [
      "spec.ports[0].name: Invalid value: \"INVALID\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  {
    name: 'missing protocol',
    tweak: (s) => {
      delete s.spec.ports![0]!.protocol;
    },
    want: ['spec.ports[0].protocol: Required value'],
  },
  {
    name: 'invalid protocol',
    tweak: (s) => {
      s.spec.ports![0]!.protocol = 'INVALID';
    },
    want: [
      'spec.ports[0].protocol: Unsupported value: "INVALID": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
  {
    name: 'invalid cluster ip',
    tweak: (s) => {
      s.spec.clusterIP = 'invalid';
      s.spec.clusterIPs = ['invalid'];
    },
    want: [
      'spec.clusterIPs[0]: Invalid value: "invalid": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  {
    name: 'missing port',
    tweak: (s) => {
      s.spec.ports![0]!.port = 0;
    },
    want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'invalid port',
    tweak: (s) => {
      s.spec.ports![0]!.port = 65536;
    },
    want: ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'invalid TargetPort int',
    tweak: (s) => {
      s.spec.ports![0]!.targetPort = 65536;
    },
    want: [
      'spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ],
  },
  {
    name: 'valid port headless',
    tweak: (s) => {
      s.spec.ports![0]!.port = 11722;
      s.spec.ports![0]!.targetPort = 11722;
      headless(s);
    },
    want: [],
  },
  {
    name: 'invalid port headless 1 (tolerated in v1)',
    tweak: (s) => {
      s.spec.ports![0]!.port = 11722;
      s.spec.ports![0]!.targetPort = 11721;
      headless(s);
    },
    want: [],
  },
  {
    name: 'invalid port headless 2 (tolerated in v1)',
    tweak: (s) => {
      s.spec.ports![0]!.port = 11722;
      s.spec.ports![0]!.targetPort = 'target';
      headless(s);
    },
    want: [],
  },
  {
    name: 'invalid publicIPs localhost',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['127.0.0.1'];
    },
    want: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
  },
  {
    name: 'invalid publicIPs unspecified',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['0.0.0.0'];
    },
    want: ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
  },
  {
    name: 'invalid publicIPs link-local',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['169.254.169.254'];
    },
    want: [
      'spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ],
  },
  {
    name: 'invalid publicIPs host',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['myhost.mydomain'];
    },
    want: [
      'spec.externalIPs[0]: Invalid value: "myhost.mydomain": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  {
    name: 'valid publicIPs',
    tweak: (s) => {
      s.spec.externalTrafficPolicy = 'Cluster';
      s.spec.externalIPs = ['1.2.3.4'];
    },
    want: [],
  },
  {
    name: 'dup port name',
    tweak: (s) => {
      s.spec.ports![0]!.name = 'p';
      s.spec.ports!.push({ name: 'p', port: 80, protocol: 'TCP', targetPort: 80 });
    },
    want: ['spec.ports[1].name: Duplicate value: "p"'],
  },
  { name: 'valid 1', tweak: () => {}, want: [] },
  {
    name: 'invalid duplicate ports (with same protocol)',
    tweak: (s) => {
      s.spec.ports = [
        { name: 'p', port: 12345, protocol: 'TCP', targetPort: 8080 },
        { name: 'q', port: 12345, protocol: 'TCP', targetPort: 80 },
      ];
    },
    want: [
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:12345, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  },
  {
    name: 'valid duplicate ports (with different protocols)',
    tweak: (s) => {
      s.spec.ports = [
        { name: 'p', port: 12345, protocol: 'TCP', targetPort: 8080 },
        { name: 'q', port: 12345, protocol: 'UDP', targetPort: 80 },
        { name: 'r', port: 12345, protocol: 'SCTP', targetPort: 8088 },
      ];
    },
    want: [],
  },
  {
    name: 'valid ExternalName',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.externalName = 'foo.bar.example.com';
    },
    want: [],
  },
  {
    name: 'valid ExternalName (trailing dot)',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.externalName = 'foo.bar.example.com.';
    },
    want: [],
  },
  {
    name: 'invalid ExternalName clusterIP (valid IP)',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.clusterIP = '1.2.3.4';
      s.spec.clusterIPs = ['1.2.3.4'];
      s.spec.externalName = 'foo.bar.example.com';
    },
    want: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  },
  {
    name: 'invalid ExternalName clusterIP (None)',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.clusterIP = 'None';
      s.spec.clusterIPs = ['None'];
      s.spec.externalName = 'foo.bar.example.com';
    },
    want: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  },
  {
    name: 'invalid ExternalName (not a DNS name)',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.externalName = '-123';
    },
    want: [
      "spec.externalName: Invalid value: \"-123\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  },
  {
    name: 'missing ExternalName',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
    },
    want: ['spec.externalName: Required value'],
  },
  { name: 'valid cluster ip - none', tweak: headless, want: [] },
  {
    name: 'valid cluster ip - empty',
    tweak: (s) => {
      delete s.spec.clusterIP;
      delete s.spec.clusterIPs;
    },
    want: [],
  },
  {
    name: 'invalid ClusterIPs: first value does not match clusterIP',
    tweak: (s) => {
      s.spec.clusterIP = '10.0.0.1';
      s.spec.clusterIPs = ['10.0.0.2'];
    },
    want: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: first value must match `clusterIP`',
    ],
  },
  {
    name: 'invalid ClusterIPs: set without clusterIP',
    tweak: (s) => {
      s.spec.clusterIPs = ['10.0.0.2'];
    },
    want: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: must be empty when `clusterIP` is not specified',
    ],
  },
  {
    name: 'invalid ClusterIPs: None must be alone',
    tweak: (s) => {
      s.spec.clusterIP = 'None';
      s.spec.clusterIPs = ['None', '10.0.0.2'];
    },
    want: [
      'spec.clusterIPs: Invalid value: []string{"None", "10.0.0.2"}: \'None\' must be the first and only value',
    ],
  },
  {
    name: 'invalid ClusterIPs: more than two',
    tweak: (s) => {
      s.spec.clusterIP = '10.0.0.1';
      s.spec.clusterIPs = ['10.0.0.1', '2000::1', '10.0.0.2'];
    },
    want: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "2000::1", "10.0.0.2"}: may only hold up to 2 values',
    ],
  },
  {
    name: 'invalid ClusterIPs: two of one family',
    tweak: (s) => {
      s.spec.clusterIP = '10.0.0.1';
      s.spec.clusterIPs = ['10.0.0.1', '10.0.0.2'];
      s.spec.ipFamilyPolicy = 'RequireDualStack';
    },
    want: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.2"}: may specify no more than one IP for each IP family',
    ],
  },
  {
    name: 'invalid ClusterIPs: family mismatch with ipFamilies',
    tweak: (s) => {
      s.spec.clusterIP = '2000::1';
      s.spec.clusterIPs = ['2000::1'];
      s.spec.ipFamilies = ['IPv4'];
    },
    want: [
      'spec.clusterIPs[0]: Invalid value: "2000::1": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: 'invalid ipFamilies: unknown and duplicate',
    tweak: (s) => {
      s.spec.ipFamilies = ['IPv4', 'IPv4', 'IPv5'];
    },
    want: [
      'spec.ipFamilies[1]: Duplicate value: "IPv4"',
      'spec.ipFamilies[2]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
    ],
  },
  {
    name: 'invalid ipFamilyPolicy',
    tweak: (s) => {
      s.spec.ipFamilyPolicy = 'AnyStack';
    },
    want: [
      'spec.ipFamilyPolicy: Unsupported value: "AnyStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ],
  },
  {
    name: 'nil internalTrafficPolicy field when Type is ExternalName',
    tweak: (s) => {
      s.spec.type = 'ExternalName';
      s.spec.externalName = 'foo.bar.com';
      delete s.spec.internalTrafficPolicy;
    },
    want: [],
  },
  {
    name: 'named targetPort that is not an IANA_SVC_NAME',
    tweak: (s) => {
      s.spec.ports![0]!.targetPort = 'http--alt';
    },
    want: [
      'spec.ports[0].targetPort: Invalid value: "http--alt": must not contain consecutive hyphens',
    ],
  },
  {
    name: 'invalid appProtocol',
    tweak: (s) => {
      s.spec.ports![0]!.appProtocol = 'not/valid/protocol';
    },
    want: [
      "spec.ports[0].appProtocol: Invalid value: \"not/valid/protocol\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  },
];

describe('ValidateService (TestValidateServiceCreate): metadata, ports, IPs', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const s = makeValidService();
      c.tweak(s);
      assert.deepEqual(rendered(validateService(s, c.minor ?? 33)), c.want);
    });
  }
});
