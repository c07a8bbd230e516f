/**
 * `switchboard cluster`'s flags: `--flag value` and `--flag=value`, checked as they are read, so
 * a bad flag is a UsageError (exit 2) before anything starts. The usage text is the flags'
 * documentation; emulator/README.md repeats it as a table.
 */
import { AUTHORIZATION_MODES } from './auth/embedded-cluster';
import type { EmbeddedClusterOptions } from './cluster';
import { DEFAULT_MINOR_VERSION, parseScenarioName, SCENARIO_NAMES } from './scenarios/index';

export const USAGE = `usage: switchboard cluster [--port N] [--kubeconfig-out FILE] [--scenario NAME]
                          [--no-kubelet] [--version 1.27..1.33] [--token-auth-file FILE]
                          [--readiness-delay MS] [--history-size N] [--no-openapi-v2]
                          [--host 127.0.0.1] [--cert-dir DIR] [--insecure-http]
                          [--authorization-mode RBAC|AlwaysAllow] [--audit-log-path FILE]

  --port N              port to listen on; 0 (the default) picks a free one
  --host H              address to bind (default 127.0.0.1)
  --cert-dir DIR        keep the CA, serving certificate and keys in DIR (ca.crt, ca.key,
                        apiserver.crt, apiserver.key, sa.key, sa.pub, admin.token) and reuse
                        them, so a restarted cluster presents the same CA, accepts the same
                        ServiceAccount tokens and the same admin token
  --insecure-http       serve plain HTTP instead of HTTPS
  --kubeconfig-out FILE write a kubeconfig for this cluster to FILE once it is ready
  --scenario NAME       ${SCENARIO_NAMES.join(' | ')} (default demo)
  --no-kubelet          no simulated kubelet: pods stay Pending until someone writes /status
  --version V           the Kubernetes version to report, 1.27 to 1.33 (default 1.${DEFAULT_MINOR_VERSION})
  --token-auth-file FILE
                        bearer-token users in kube-apiserver's CSV (token,user,uid,"g1,g2");
                        RBAC decides what they may do
  --authorization-mode M
                        RBAC (default): the cluster's Roles and bindings decide; AlwaysAllow:
                        every authenticated or anonymous request is allowed
  --audit-log-path FILE append one audit.k8s.io/v1 Event per request to FILE as a JSON line
                        (level Metadata; kube-apiserver's flag name). --audit-log FILE is the
                        same flag under a shorter name
  --readiness-delay MS  simulated kubelet: containers running → Ready after MS (default 500)
  --history-size N      watch events kept for resuming; older resourceVersions get 410 Expired
  --no-openapi-v2       do not serve the protobuf OpenAPI v2 document (served by default, as a
                        real apiserver does; kubectl 1.27/1.28 validate with it and otherwise
                        need --validate=false). --openapi-v2 is accepted and changes nothing`;

export class UsageError extends Error {}

export interface CliFlags extends EmbeddedClusterOptions {
  tokenAuthFile?: string;
  help?: boolean;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new UsageError(
      `${flag} needs a whole number, got ${text === undefined ? 'nothing' : `"${text}"`}`,
    );
  }
  const value = Number(text);
  if (value < min || value > max)
    throw new UsageError(`${flag} must be ${min}–${max}, got ${value}`);
  return value;
}

/** Parses `--flag value` and `--flag=value`; throws UsageError on anything it does not know. */
export function parseFlags(args: string[]): CliFlags {
  const flags: CliFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case '--port':
        flags.port = integer(name, value(), 0, 65535);
        break;
      case '--host':
        flags.host = value();
        break;
      case '--kubeconfig-out':
        flags.kubeconfigOut = value();
        break;
      case '--scenario': {
        const scenario = value();
        try {
          parseScenarioName(scenario);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        flags.scenario = scenario;
        break;
      }
      case '--no-kubelet':
        if (inline !== undefined) throw new UsageError('--no-kubelet takes no value');
        flags.kubelet = false;
        break;
      case '--version': {
        const text = value();
        const match = /^(?:v?1\.)?(\d+)$/.exec(text);
        const minor = match?.[1] ? Number(match[1]) : NaN;
        if (!(minor >= 27 && minor <= 33)) {
          throw new UsageError(`--version must be 1.27 to 1.33, got "${text}"`);
        }
        flags.minorVersion = minor;
        break;
      }
      case '--token-auth-file':
        flags.tokenAuthFile = value();
        break;
      case '--authorization-mode': {
        const mode = value();
        const known = AUTHORIZATION_MODES.find((m) => m === mode);
        if (!known) {
          throw new UsageError(
            `--authorization-mode must be one of ${AUTHORIZATION_MODES.join(', ')}, got "${mode}"`,
          );
        }
        flags.authorizationMode = known;
        break;
      }
      case '--audit-log':
      case '--audit-log-path': {
        const path = value();
        if (path === '-') throw new UsageError(`${name} needs a file; "-" (stdout) is not served`);
        flags.auditLog = path;
        break;
      }
      case '--cert-dir':
        flags.certDir = value();
        break;
      case '--insecure-http':
        if (inline !== undefined) throw new UsageError('--insecure-http takes no value');
        flags.insecureHttp = true;
        break;
      case '--readiness-delay':
        flags.readinessDelayMs = integer(name, value(), 0, 3_600_000);
        break;
      case '--history-size':
        flags.historySize = integer(name, value(), 1, 10_000_000);
        break;
      case '--openapi-v2':
        if (inline !== undefined) throw new UsageError('--openapi-v2 takes no value');
        flags.openAPIV2 = true;
        break;
      case '--no-openapi-v2':
        if (inline !== undefined) throw new UsageError('--no-openapi-v2 takes no value');
        flags.openAPIV2 = false;
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      default:
        throw new UsageError(`unknown flag "${arg}"`);
    }
  }
  return flags;
}
