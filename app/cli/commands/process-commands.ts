import { agentCommand } from '../agent-command';
import type { CliCommand } from '../command';
import { runDashboardCommand } from '../dashboard-command';

const dashboardOptions = {
  port: { type: 'string', value: 'N', help: 'listen on this port of 127.0.0.1 (default: a free one)' },
  'no-open': { type: 'boolean', help: 'print the link instead of opening a browser' },
} as const;

export const dashboardCommand: CliCommand = {
  name: 'dashboard',
  group: 'Processes',
  summary: 'the dashboard in your browser, on 127.0.0.1',
  synopsis: '[--port N] [--no-open]',
  options: dashboardOptions,
  example: 'token-wallet dashboard --no-open',
  completes: 'none',
  run: (args, context) => runDashboardCommand(args, context.home, context.io),
};

export const processCommands: CliCommand[] = [agentCommand, dashboardCommand];
