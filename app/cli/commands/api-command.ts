import { usageError } from '../../errors';
import type { CliCommand } from '../command';
import { parseCommand, withAccount } from './tool-helpers';

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const apiCommand: CliCommand = {
  name: 'api',
  group: 'Tools',
  summary: "call the account's API with its token, like gh api (renews and retries once on 401)",
  synopsis: "[NAME] PATH [-X METHOD] [-H 'K: V']... [-d DATA|@FILE|@-] [-i]",
  options: {
    method: { type: 'string', short: 'X', value: 'METHOD', help: 'the HTTP method (default GET, or POST with -d)' },
    header: {
      type: 'string',
      short: 'H',
      multiple: true,
      value: "'K: V'",
      help: 'an extra request header (repeatable)',
    },
    data: {
      type: 'string',
      short: 'd',
      value: 'DATA',
      help: 'the request body: text, @FILE, or @- for standard input',
    },
    include: { type: 'boolean', short: 'i', help: 'print the status line and headers before the body' },
  },
  example: 'token-wallet api vss /v2/vm -i',
  completes: 'account',
  run: async (args, context) => {
    const { values, positionals } = parseCommand(apiCommand, args, 2);
    const pathArg = positionals[positionals.length - 1];
    if (pathArg === undefined) throw usageError('api needs a PATH, e.g. token-wallet api NAME /v2/vm');
    const given = positionals.length === 2 ? positionals[0] : undefined;
    const method = (
      typeof values.method === 'string' ? values.method : typeof values.data === 'string' ? 'POST' : 'GET'
    ).toUpperCase();
    if (!methods.has(method)) throw usageError(`-X ${method}: use one of ${[...methods].join(', ')}`);
    const { callApi, exitCodeForStatus, readBody, renderBody, renderHead } = await import('../../outputs/api-request');
    const body = await readBody(typeof values.data === 'string' ? values.data : undefined, context.io.stdin);
    const response = await withAccount(context, given, 'api', (api, account) =>
      callApi(api, {
        account,
        path: pathArg,
        method,
        headers: (values.header as string[] | undefined) ?? [],
        ...(body === undefined ? {} : { body }),
      }),
    );
    if (values.include === true) context.io.stdout.write(renderHead(response));
    context.io.stdout.write(renderBody(response, (context.io.stdout as NodeJS.WriteStream).isTTY === true));
    const code = exitCodeForStatus(response.status);
    if (code !== 0) context.io.stderr.write(`token-wallet: api: ${method} ${pathArg}: HTTP ${response.status}\n`);
    return code;
  },
};
