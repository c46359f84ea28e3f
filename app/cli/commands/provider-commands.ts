import type { CliCommand, CommandOptions } from '../command';

/** `providers`: the APIs the wallet speaks, and the recipes that add more (docs/recipes.md). */
export const providerOptions: CommandOptions = {
  replace: { type: 'boolean', help: 'add: replace an installed recipe of the same name' },
  url: { type: 'string', value: 'URL', help: 'test: the API base URL' },
  username: { type: 'string', value: 'U', help: 'test: the user name' },
  'password-stdin': { type: 'boolean', help: 'test: read the password from standard input' },
  option: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'test: an option the recipe declares' },
  'api-version': { type: 'string', value: 'V', help: 'test: the apiVersion option' },
  'token-url': { type: 'string', value: 'URL', help: 'test: the tokenUrl option' },
  'client-id': { type: 'string', value: 'ID', help: 'test: the clientId option' },
  scope: { type: 'string', value: 'S', help: 'test: the scope option' },
  'ca-file': { type: 'string', value: 'PEM', help: 'test: trust this CA for the test' },
  'allow-http': { type: 'boolean', help: 'test: allow plain http to a non-loopback host' },
  'allow-origin': {
    type: 'string',
    multiple: true,
    value: 'ORIGIN',
    help: 'test: another origin the recipe may send credentials to',
  },
};

/** The command object is light; the recipe engine (YAML, schema) loads only when it runs. */
export const providerCommands: CliCommand[] = [
  {
    name: 'providers',
    group: 'Accounts',
    summary: 'the APIs and their options; add, remove, show and test recipes',
    synopsis: '[add FILE | remove NAME | show NAME | test FILE --url URL --username U]',
    options: providerOptions,
    example: 'token-wallet providers test acme.yaml --url https://api.acme.example --username jdoe',
    completes: 'provider',
    run: async (args, context) => (await import('./provider-actions')).runProviders(args, context),
  },
];
