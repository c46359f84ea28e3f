import { usageError } from '../../errors';
import type { CliCommand } from '../command';
import { minValidMs, minValidOption, parseCommand, withAccount } from './tool-helpers';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    text += chunk as string;
    // git ends its request with a blank line but may keep the pipe open.
    if (text.includes('\n\n') || text.length > 64 * 1024) break;
  }
  return text;
}

export const gitCredentialCommand: CliCommand = {
  name: 'git-credential',
  group: 'Tools',
  summary: 'a git credential helper: the token as the password (get, store, erase)',
  synopsis: '[NAME] [--username U] get|store|erase',
  options: {
    username: { type: 'string', value: 'U', help: "the user name git sends (default: the account's)" },
    ...minValidOption,
  },
  example: "git config credential.https://git.example.com.helper '!token-wallet git-credential gitlab'",
  completes: 'account',
  run: async (args, context) => {
    const { values, positionals } = parseCommand(gitCredentialCommand, args, 2);
    const operation = positionals[positionals.length - 1];
    const given = positionals.length === 2 ? positionals[0] : undefined;
    if (operation !== 'get' && operation !== 'store' && operation !== 'erase')
      throw usageError('git-credential needs get, store or erase as its last argument');
    const input = await readAll(context.io.stdin);
    // Nothing to keep: the wallet holds the token already.
    if (operation === 'store') return 0;
    const { parseCredentialInput, credentialAnswer, RejectedTokens } = await import('../../outputs/git-credential');
    const fields = parseCredentialInput(input);
    const rejected = new RejectedTokens(context.home);
    const minValid = minValidMs(values);
    return withAccount(context, given, 'git-credential', async (api, name) => {
      if (operation === 'erase') {
        const password = fields.get('password');
        if (password !== undefined && password !== '') await rejected.mark(name, password);
        return 0;
      }
      const fresh = () => (minValid > 0 ? api.freshToken(name, minValid) : api.freshToken(name));
      let token = await fresh();
      if (await rejected.isRejected(name, token.token)) {
        // git saw the server refuse this token: a new one, whatever time it has left.
        await api.renew(name);
        token = await fresh();
      }
      await rejected.clear(name);
      const username =
        typeof values.username === 'string' ? values.username : (await api.get(name)).username || 'token';
      context.io.stdout.write(credentialAnswer(username, token));
      return 0;
    });
  },
};
