import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFake } from '../fakes/index';
import { runCli } from './cli-runner';

/**
 * A private D-Bus session bus with no service directories (so nothing re-activates a killed keyring
 * behind the test's back) and a gnome-keyring-daemon the test owns by pid: kill it, start it again.
 * The keyring lives on disk in a scratch folder, so items survive the restart as on a real desktop.
 */
export interface PrivateKeyring {
  env: Record<string, string>;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Starts the daemon without unlocking it, as after a login that did not unlock the keyring. */
  startLocked(): Promise<void>;
  lookup(attributes: Record<string, string>): string | null;
  close(): Promise<void>;
}

const busConfig =
  `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" ` +
  `"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow ` +
  `own="*"/></policy></busconfig>`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-keyring-'));
  for (const dir of ['home', 'data/keyrings', 'run'])
    mkdirSync(path.join(scratch, dir), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(scratch, 'bus.conf'), busConfig);
  const bus = spawn(
    'dbus-daemon',
    [`--config-file=${path.join(scratch, 'bus.conf')}`, '--nofork', '--print-address=1'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    bus.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
    bus.on('exit', () => reject(new Error('dbus-daemon exited')));
  });
  const env = {
    DBUS_SESSION_BUS_ADDRESS: address,
    HOME: path.join(scratch, 'home'),
    XDG_DATA_HOME: path.join(scratch, 'data'),
    XDG_RUNTIME_DIR: path.join(scratch, 'run'),
  };
  const lookup = (attributes: Record<string, string>): string | null => {
    const result = spawnSync('secret-tool', ['lookup', ...Object.entries(attributes).flat()], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 5000,
    });
    return result.status === 0 ? result.stdout : null;
  };
  let daemon: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    daemon = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    daemon.stdin?.end('token-wallet-test');
    const probe = { service: 'tw-probe', account: 'probe' };
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const stored = spawnSync('secret-tool', ['store', '--label=probe', ...Object.entries(probe).flat()], {
        env: { ...process.env, ...env },
        input: 'ok',
        timeout: 5000,
      });
      if (stored.status === 0 && lookup(probe) === 'ok') return;
      await sleep(100);
    }
    throw new Error('gnome-keyring-daemon did not come up');
  };
  const startLocked = async (): Promise<void> => {
    daemon = spawn('gnome-keyring-daemon', ['--components=secrets', '--foreground'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    // Up once it owns its bus name; a locked keyring answers every lookup with nothing.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const named = spawnSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/',
          'org.freedesktop.DBus.NameHasOwner',
          'string:org.freedesktop.secrets',
        ],
        { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 5000 },
      );
      if (named.stdout.includes('boolean true')) return;
      await sleep(100);
    }
    throw new Error('gnome-keyring-daemon (locked) did not come up');
  };
  const kill = async (): Promise<void> => {
    const running = daemon;
    if (running === null || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    env,
    kill,
    start,
    startLocked,
    lookup,
    close: async () => {
      await kill();
      bus.kill();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export const readWalletId = (home: string): string =>
  (JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')) as { walletId: string }).walletId;

/**
 * A private keyring, a Sensu fake issuing `lifetimeSec` tokens, and its account `sensu` added to
 * `home` with the CLI (keychain store): what the keychain trouble tests start from.
 */
export async function keyringWithSensuAccount(home: string, lifetimeSec: number) {
  const keyring = await startPrivateKeyring();
  const env = { ...keyring.env, TOKEN_WALLET_STORE: 'keychain' };
  const sensu = await startFake('sensu', { lifetimeSec });
  const added = await runCli(
    ['add', 'sensu', '--provider', 'sensu', '--url', sensu.url, '--username', 'alice', '--password-stdin'],
    { home, env, input: 's3cret-Pa55\n' },
  );
  if (added.code !== 0) throw new Error(`add failed: ${added.stderr}`);
  return { keyring, env, sensu };
}
