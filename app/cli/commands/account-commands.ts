import type { CliCommand } from '../command';

/** Commands that manage accounts and sessions (add, edit, list, show, login, logout, …). */
export const accountCommands: CliCommand[] = [];
