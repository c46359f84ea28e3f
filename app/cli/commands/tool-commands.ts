import type { CliCommand } from '../command';

/** Commands that hand a token to another tool (snippets, exec, kubectl, git, api). */
export const toolCommands: CliCommand[] = [];
