import type { CliCommand } from '../command';
import { accountCommands } from './account-commands';
import { providerCommands } from './provider-commands';
import { storeCommands } from './store-commands';
import { toolCommands } from './tool-commands';

/** Every command; the global help groups them. */
export const allCommands: readonly CliCommand[] = [
  ...accountCommands,
  ...providerCommands,
  ...storeCommands,
  ...toolCommands,
];

export function findCommand(name: string): CliCommand | undefined {
  return allCommands.find((command) => command.name === name);
}
