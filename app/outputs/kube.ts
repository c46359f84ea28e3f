import { usageError } from '../errors';

export type ExecCredentialVersion = 'client.authentication.k8s.io/v1' | 'client.authentication.k8s.io/v1beta1';

/** The version kubectl asked for in KUBERNETES_EXEC_INFO (v1beta1 when it says so), else v1. */
export function execCredentialVersion(execInfo: string | undefined): ExecCredentialVersion {
  if (execInfo === undefined || execInfo === '') return 'client.authentication.k8s.io/v1';
  try {
    const info = JSON.parse(execInfo) as { apiVersion?: unknown };
    if (info.apiVersion === 'client.authentication.k8s.io/v1beta1') return 'client.authentication.k8s.io/v1beta1';
  } catch {
    // A malformed hint is no reason to fail: v1 is what current kubectl speaks.
  }
  return 'client.authentication.k8s.io/v1';
}

/** An ExecCredential: the token and when it expires (RFC 3339), so kubectl asks again only then. */
export function execCredential(fresh: { token: string; expiresAt: number }, execInfo: string | undefined): string {
  return JSON.stringify({
    apiVersion: execCredentialVersion(execInfo),
    kind: 'ExecCredential',
    status: {
      token: fresh.token,
      expirationTimestamp: new Date(fresh.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  });
}

export interface KubeConfigInput {
  account: string;
  server: string;
  /** Absolute path of the PEM that signed the API server's certificate. */
  caFile?: string;
  context: string;
  /** Absolute path of what kubectl runs, and its arguments before `kube-credential NAME`. */
  command: string;
  commandArgs: string[];
  /** Variables the plugin needs (the wallet home when it is not the default). */
  env: Record<string, string>;
}

/** JSON strings are valid YAML scalars: every value is quoted, whatever characters it holds. */
const q = (value: string): string => JSON.stringify(value);

/** A kubeconfig whose user runs `token-wallet kube-credential NAME`; it never holds a token itself. */
export function kubeConfig(input: KubeConfigInput): string {
  let server: URL;
  try {
    server = new URL(input.server);
  } catch {
    throw usageError(`--server ${input.server} is not a URL`, 'server');
  }
  if (server.protocol !== 'https:')
    throw usageError('--server must be an https:// URL: kubectl would send the token in clear', 'server');
  const args = [...input.commandArgs, 'kube-credential', input.account];
  const env = Object.entries(input.env);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(input.context)}`,
    '  cluster:',
    `    server: ${q(input.server)}`,
    ...(input.caFile === undefined ? [] : [`    certificate-authority: ${q(input.caFile)}`]),
    'users:',
    `- name: ${q(input.context)}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    `      command: ${q(input.command)}`,
    '      args:',
    ...args.map((arg) => `      - ${q(arg)}`),
    ...(env.length === 0
      ? []
      : ['      env:', ...env.flatMap(([name, value]) => [`      - name: ${q(name)}`, `        value: ${q(value)}`])]),
    '      interactiveMode: Never',
    '      provideClusterInfo: false',
    'contexts:',
    `- name: ${q(input.context)}`,
    '  context:',
    `    cluster: ${q(input.context)}`,
    `    user: ${q(input.context)}`,
    `current-context: ${q(input.context)}`,
    '',
  ].join('\n');
}
