import type { SnippetKind } from '../../snippets';
import type { CliCommand } from '../command';
import { minValidMs, minValidOption, parseCommand, withAccount, writeLine } from './tool-helpers';

const tokenCommand: CliCommand = {
  name: 'token',
  group: 'Tokens',
  summary: 'a fresh token and a newline, nothing else (--json for scripts)',
  synopsis: '[NAME] [--json] [--min-valid DUR]',
  options: {
    json: { type: 'boolean', help: 'print {"account","token","tokenType","expiresAt","header"} as JSON' },
    ...minValidOption,
  },
  example: 'token-wallet token vss --min-valid 10m',
  completes: 'account',
  run: async (args, context) => {
    const { values, positionals } = parseCommand(tokenCommand, args, 1);
    const minValid = minValidMs(values);
    return withAccount(context, positionals[0], 'token', async (api, name) => {
      if (values.json !== true) {
        const fresh = await api.freshToken(name, ...(minValid > 0 ? [minValid] : []));
        context.io.stdout.write(`${fresh.token}\n`);
        return 0;
      }
      const [account, fresh, providers] = await Promise.all([
        api.get(name),
        api.freshToken(name, ...(minValid > 0 ? [minValid] : [])),
        api.providers(),
      ]);
      const { authorizationHeader, tokenType } = await import('../../snippets');
      const meta = providers.find((candidate) => candidate.kind === account.provider) ?? { usage: 'bearer' as const };
      const json = {
        account: account.name,
        token: fresh.token,
        tokenType: tokenType(meta),
        expiresAt: new Date(fresh.expiresAt).toISOString(),
        header: `Authorization: ${authorizationHeader(meta, fresh.token)}`,
      };
      writeLine(context.io.stdout, JSON.stringify(json));
      return 0;
    });
  },
};

function snippetCommand(kind: SnippetKind, summary: string, example: string): CliCommand {
  const command: CliCommand = {
    name: kind,
    group: 'Tokens',
    summary,
    synopsis: kind === 'header' ? '[NAME] [--min-valid DUR]' : '[NAME] [PATH] [--min-valid DUR]',
    options: { ...minValidOption },
    example,
    completes: 'account',
    run: async (args, context) => {
      const { values, positionals } = parseCommand(command, args, kind === 'header' ? 1 : 2);
      const minValid = minValidMs(values);
      // One positional is the account when it names one, else (curl/httpie) the path of the context's account.
      const [first, second] = positionals;
      const pathGiven = second ?? (first !== undefined && /^(\/|https?:\/\/)/i.test(first) ? first : undefined);
      const nameGiven = first !== undefined && first !== pathGiven ? first : undefined;
      return withAccount(context, nameGiven, kind, async (api, name) => {
        // Nothing reaches stdout unless the token was had: `cmd=$(token-wallet curl …) && eval "$cmd"` stays safe.
        if (minValid > 0) await api.freshToken(name, minValid);
        const snippet = await api.snippet(name, kind, pathGiven);
        writeLine(context.io.stdout, snippet.text);
        return 0;
      });
    },
  };
  return command;
}

const useCommand: CliCommand = {
  name: 'use',
  group: 'Tokens',
  summary: 'make NAME the account for this directory and below (writes .token-wallet)',
  synopsis: 'NAME',
  options: {},
  example: 'token-wallet use vss',
  completes: 'account',
  run: async (args, context) => {
    const { positionals } = parseCommand(useCommand, args, 1);
    const given = positionals[0];
    const { usageError } = await import('../../errors');
    if (given === undefined || given === '') throw usageError('use needs an account name');
    const connection = await context.connect();
    try {
      // Checked, so a typo fails now rather than in every later command.
      await connection.api.get(given);
    } finally {
      await connection.close();
    }
    const { writeContextFile } = await import('../../outputs/account-context');
    const file = await writeContextFile(process.cwd(), given);
    writeLine(context.io.stdout, `${file}: commands here and below use ${given}`);
    return 0;
  },
};

const envCommand: CliCommand = {
  name: 'env',
  group: 'Tools',
  summary: "print export TOKEN_WALLET_SOCK=… for the agent's plain-HTTP token socket",
  synopsis: '',
  options: {},
  example: 'eval "$(token-wallet env)"; curl -sf --unix-socket "$TOKEN_WALLET_SOCK" http://wallet/v1/token/vss',
  completes: 'none',
  run: async (args, context) => {
    parseCommand(envCommand, args, 0);
    const [{ tokenSocketPath }, { shellQuote }] = await Promise.all([
      import('../../outputs/token-socket-path'),
      import('../../snippets'),
    ]);
    writeLine(context.io.stdout, `export TOKEN_WALLET_SOCK=${shellQuote(tokenSocketPath(context.home))}`);
    return 0;
  },
};

export const tokenCommands: CliCommand[] = [
  tokenCommand,
  snippetCommand(
    'curl',
    'a curl command line that reads the token from a here-document, never from argv',
    'cmd=$(token-wallet curl vss /v2/vm) && eval "$cmd"',
  ),
  snippetCommand(
    'httpie',
    'an HTTPie command line that reads the header value from stdin',
    'cmd=$(token-wallet httpie vss /v2/vm) && eval "$cmd"',
  ),
  snippetCommand('header', 'the Authorization header line', 'token-wallet header vss'),
  useCommand,
  envCommand,
];
