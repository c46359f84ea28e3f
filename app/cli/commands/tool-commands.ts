import type { CliCommand } from '../command';
import { apiCommand } from './api-command';
import { execCommand } from './exec-command';
import { gitCredentialCommand } from './git-credential-command';
import { kubeConfigCommand, kubeCredentialCommand } from './kube-commands';
import { tokenCommands } from './token-commands';

/** Commands that hand a token to another tool (snippets, exec, kubectl, git, api). */
export const toolCommands: CliCommand[] = [
  ...tokenCommands,
  execCommand,
  apiCommand,
  kubeCredentialCommand,
  kubeConfigCommand,
  gitCredentialCommand,
];
