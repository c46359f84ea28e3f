import type { CliCommand } from '../command';
import { addCommand } from './add-command';
import { completionCommand } from './completion-command';
import { editCommand } from './edit-command';
import { forecastCommand } from './forecast-command';
import { listCommand, showCommand } from './list-commands';
import { processCommands } from './process-commands';
import { loginCommand, logoutCommand, removeCommand, renewCommand, testCommand } from './session-commands';

/**
 * Commands that manage accounts and sessions (add, edit, list, show, login, logout, …), the processes and completion.
 */
export const accountCommands: CliCommand[] = [
  addCommand,
  editCommand,
  listCommand,
  showCommand,
  forecastCommand,
  removeCommand,
  renewCommand,
  testCommand,
  loginCommand,
  logoutCommand,
  ...processCommands,
  completionCommand,
];
