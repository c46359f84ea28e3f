import type { CliCommand, CommandOptions } from '../command';
import { accountFlags } from './account-options';

/** `providers`: the APIs the wallet speaks, and the recipes that add more (docs/recipes.md). */
/** `provider test` takes an account's own flags, each said to be for the test. */
const testFlagNames = [
  'url',
  'username',
  'api-version',
  'token-url',
  'client-id',
  'scope',
  'ca-file',
  'allow-http',
  'allow-origin',
] as const;

export const providerOptions: CommandOptions = {
  replace: { type: 'boolean', help: 'add: replace an installed recipe of the same name' },
  'password-stdin': { type: 'boolean', help: 'test: read the password from standard input' },
  option: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'test: an option the recipe declares' },
  ...Object.fromEntries(
    testFlagNames.map((name) => [name, { ...accountFlags[name], help: `test: ${accountFlags[name].help}` }]),
  ),
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
