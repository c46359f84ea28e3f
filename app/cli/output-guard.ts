const guarded = new WeakMap<NodeJS.WritableStream, { failed: boolean }>();

/** "ENOSPC: no space left on device, write" → "no space left on device". */
function reason(error: NodeJS.ErrnoException): string {
  return error.message.replace(/^E[A-Z]+: /, '').replace(/, write$/, '');
}

/**
 * Output that cannot be written is the reader's choice or the disk's, not a crash: a reader that
 * left early (`| head -1`, `| grep -q`) ends the output quietly, as for `cat`; any other failure
 * (a full disk) is one line on stderr and exit 1. Without a listener Node throws a stack trace.
 * Returns whether a write failed for a reason other than the reader leaving.
 */
export function guardOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): () => boolean {
  let state = guarded.get(stdout);
  if (state === undefined) {
    const current = { failed: false };
    state = current;
    guarded.set(stdout, current);
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || current.failed) return;
      current.failed = true;
      stderr.write(`token-wallet: cannot write to standard output: ${reason(error)}\n`);
    });
    // Nothing more can be said when stderr itself is gone.
    stderr.on('error', () => undefined);
  }
  const seen = state;
  return () => seen.failed;
}
