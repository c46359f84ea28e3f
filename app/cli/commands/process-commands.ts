import type { CliCommand } from '../command';

const dashboardOptions = {
  port: { type: 'string', value: 'N', help: 'listen on this port of 127.0.0.1 (default: a free one)' },
  'no-open': { type: 'boolean', help: 'print the link instead of opening a browser' },
} as const;

/** The long-running hosts: their code (wallet, scheduler, servers) is loaded only when one starts. */
export const processCommands: CliCommand[] = [
  {
    name: 'agent',
    group: 'Processes',
    summary: 'keep every token fresh in the foreground; the CLI uses it',
    synopsis: '',
    options: {},
    example: 'token-wallet agent',
    completes: 'none',
    run: async (args, context) =>
      (await import('../agent-command')).runAgentCommand(args, context.home, context.io, context.verbose),
  },
  {
    name: 'dashboard',
    group: 'Processes',
    summary: 'the dashboard in your browser, on 127.0.0.1',
    synopsis: '[--port N] [--no-open]',
    options: dashboardOptions,
    example: 'token-wallet dashboard --no-open',
    completes: 'none',
    run: async (args, context) =>
      (await import('../dashboard-command')).runDashboardCommand(args, context.home, context.io),
  },
];
