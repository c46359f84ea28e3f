import type { CliCommand } from '../command';
import { accountCommands } from './account-commands';
import { storeCommands } from './store-commands';
import { toolCommands } from './tool-commands';

/** Every command in the order the global help lists them. */
export const allCommands: readonly CliCommand[] = [...accountCommands, ...storeCommands, ...toolCommands];

export function findCommand(name: string): CliCommand | undefined {
  return allCommands.find((command) => command.name === name);
}
