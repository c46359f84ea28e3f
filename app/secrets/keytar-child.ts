import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * keytar in a child process of its own. libsecret keeps one connection to the Secret Service per
 * process and never drops it: once gnome-keyring-daemon is restarted, every call of this process
 * fails ("The name :1.1 was not provided"). A fresh child has a fresh connection; it is replaced
 * whenever a call fails, so a keychain that comes back is seen again.
 */
const childSource =
  `
const keytar = require(process.env.TW_KEYTAR_PATH);
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const { id, op, args } = JSON.parse(line);
  try {
    const value = await keytar[op](...args);
    process.stdout.write(JSON.stringify({ id, value: value === undefined ? null : value }) + '\\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ id, error: String(error && error.message || error).split('\\n')[0] }) + ` +
  `'\\n');
  }
});
process.stdin.on('end', () => process.exit(0));
`;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class KeytarChild {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly keytarPath: string) {}

  private start(): ChildProcess {
    const child = spawn(process.execPath, ['-e', childSource], {
      env: { ...process.env, TW_KEYTAR_PATH: this.keytarPath, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const reply = JSON.parse(line) as { id: number; value?: unknown; error?: string };
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve(reply.value);
      else {
        // A failed call may mean a stale connection: the next call starts a new child.
        this.stop();
        waiting?.reject(new Error(reply.error));
      }
    });
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(new Error('the keychain helper process exited'));
      }
    });
    return child;
  }

  call<T>(op: string, args: unknown[]): Promise<T> {
    this.child ??= this.start();
    const id = (this.nextId += 1);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child?.stdin?.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    child?.stdin?.end();
  }
}
