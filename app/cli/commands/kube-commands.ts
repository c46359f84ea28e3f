import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';
import { usageError } from '../../errors';
import type { CliCommand } from '../command';
import { minValidMs, minValidOption, parseCommand, withAccount, writeLine } from './tool-helpers';

export const kubeCredentialCommand: CliCommand = {
  name: 'kube-credential',
  group: 'Tools',
  summary: 'an ExecCredential for kubectl (client.authentication.k8s.io/v1 or v1beta1)',
  synopsis: '[NAME] [--min-valid DUR]',
  options: { ...minValidOption },
  example: 'token-wallet kube-credential k8s',
  completes: 'account',
  run: async (args, context) => {
    const { values, positionals } = parseCommand(kubeCredentialCommand, args, 1);
    const minValid = minValidMs(values);
    return withAccount(context, positionals[0], 'kube-credential', async (api, name) => {
      const fresh = minValid > 0 ? await api.freshToken(name, minValid) : await api.freshToken(name);
      const { execCredential } = await import('../../outputs/kube');
      writeLine(context.io.stdout, execCredential(fresh, context.io.env.KUBERNETES_EXEC_INFO));
      return 0;
    });
  },
};

/** What kubectl should run: this script itself when it is executable, else node with the script. */
function pluginCommand(): { command: string; commandArgs: string[] } {
  const script = process.argv[1] === undefined ? '' : path.resolve(process.argv[1]);
  try {
    accessSync(script, constants.X_OK);
    return { command: script, commandArgs: [] };
  } catch {
    return { command: realpathSync(process.execPath), commandArgs: [script] };
  }
}

export const kubeConfigCommand: CliCommand = {
  name: 'kube-config',
  group: 'Tools',
  summary: 'a kubeconfig whose user gets its token from token-wallet kube-credential',
  synopsis: 'NAME --server URL [--ca-file PEM] [--context CTX]',
  options: {
    server: { type: 'string', value: 'URL', help: 'the Kubernetes API server (https)' },
    'ca-file': { type: 'string', value: 'PEM', help: "the CA that signed the API server's certificate" },
    context: { type: 'string', value: 'CTX', help: 'name of the cluster, user and context (default: NAME)' },
  },
  example: 'token-wallet kube-config k8s --server https://k8s.example:6443 --ca-file ca.pem > ~/.kube/k8s.yaml',
  completes: 'account',
  run: async (args, context) => {
    const { values, positionals } = parseCommand(kubeConfigCommand, args, 1);
    if (typeof values.server !== 'string') throw usageError('kube-config needs --server URL', 'server');
    const server = values.server;
    const caFile = typeof values['ca-file'] === 'string' ? path.resolve(values['ca-file']) : undefined;
    return withAccount(context, positionals[0], 'kube-config', async (api, name) => {
      await api.get(name);
      const { kubeConfig } = await import('../../outputs/kube');
      const home = context.io.env.TOKEN_WALLET_HOME;
      context.io.stdout.write(
        kubeConfig({
          account: name,
          server,
          ...(caFile === undefined ? {} : { caFile }),
          context: typeof values.context === 'string' ? values.context : name,
          ...pluginCommand(),
          env: home === undefined || home === '' ? {} : { TOKEN_WALLET_HOME: context.home },
        }),
      );
      return 0;
    });
  },
};
