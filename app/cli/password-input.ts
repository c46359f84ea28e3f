import { usageError } from '../errors';

/** Ctrl-C at the prompt: the command stops, saves nothing, and the CLI exits 130 like an interrupted program. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled; nothing was saved');
    this.name = 'PromptCancelled';
  }
}

/** Reads a password piped on stdin: everything up to EOF, less one trailing newline. */
export async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw usageError('no password on standard input', 'password');
  return text;
}

const escapeSequences = /\u001b(?:\[[0-?]*[ -/]*[@-~]|O.)?/gu;

/**
 * One key typed at the prompt, with the line editing of sudo's and passwd's prompts: Backspace
 * takes back one character (a whole emoji, not half of one), Ctrl-U starts over, Ctrl-W takes back
 * the last word. Without them the control character would end up in the password sent.
 */
export function editPassword(password: string, char: string): string {
  if (char === '\u007f' || char === '\b') return Array.from(password).slice(0, -1).join('');
  if (char === '\u0015') return '';
  if (char === '\u0017') return password.replace(/\s*\S*$/u, '');
  return password + char;
}

/** Prompts on the terminal without echo. Passwords never come from argv, where other users could see them. */
export async function promptPassword(
  prompt: string,
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WriteStream = process.stderr,
  noTerminal = 'no terminal to prompt for the password; pipe it with --password-stdin',
): Promise<string> {
  if (!stdin.isTTY) throw usageError(noTerminal, 'password');
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    let password = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (error !== undefined) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string): void => {
      // Arrow and function keys send escape sequences: none of them is part of a password.
      for (const char of chunk.replace(escapeSequences, '')) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          if (password === '') finish(usageError('the password is empty', 'password'));
          else finish();
          return;
        }
        if (char === '\u0003') {
          finish(new PromptCancelled());
          return;
        }
        password = editPassword(password, char);
      }
    };
    stdin.on('data', onData);
  });
}
