import type { CliCommand } from '../command';
import { accountCommands } from './account-commands';
import { providerCommands } from './provider-commands';
import { toolCommands } from './tool-commands';

/** Every command in the order the global help lists them. */
export const allCommands: readonly CliCommand[] = [...providerCommands, ...accountCommands, ...toolCommands];

export function findCommand(name: string): CliCommand | undefined {
  return allCommands.find((command) => command.name === name);
}
