import { WalletError, describeError, toWalletError } from '../errors';
import { line } from './args';
import { PromptCancelled } from './password-input';

/** A command's failure as the user sees it: one line on stderr, and the documented exit code. */
export function reportFailure(caught: unknown, stderr: NodeJS.WritableStream): number {
  if (caught instanceof PromptCancelled) {
    line(stderr, `token-wallet: ${caught.message}`);
    return 130;
  }
  const error = toWalletError(caught);
  line(stderr, `token-wallet: ${describeError(error)}`);
  return error instanceof WalletError ? error.exitCode : 1;
}
