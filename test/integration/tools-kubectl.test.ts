import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testTls } from '../fakes/fake-server';
import { startFake, type Fake } from '../fakes/index';
import { startKubeApiFake, type KubeApiFake } from '../fakes/kube-api';
import { startArgvScanner } from '../helpers/argv-recorder';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, issuedSecrets } from '../helpers/tools-setup';

function kubectl(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // No stdin: without credentials kubectl would otherwise wait for a typed user name.
  const child = spawn('kubectl', args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

describe('kubectl with token-wallet as its exec credential plugin', () => {
  let sensu: Fake;
  let kube: KubeApiFake;
  const home = tempWalletHome('tw-kube-');
  const tls = testTls();
  const caFile = path.join(home, 'kube-ca.pem');
  const kubeconfig = path.join(home, 'kubeconfig.yaml');
  let scanner: ReturnType<typeof startArgvScanner>;

  before(async () => {
    sensu = await startFake('sensu', { lifetimeSec: 5 });
    kube = await startKubeApiFake(tls, (token) => sensu.isValid(token));
    writeFileSync(caFile, tls.ca);
    scanner = startArgvScanner(() => issuedSecrets(sensu));
    await addAccount(home, 'k8s', 'sensu', sensu.url);
  });
  after(async () => {
    scanner.stop();
    await kube.close();
    await sensu.close();
  });

  test('kube-config writes a kubeconfig that runs the plugin by absolute path, never interactive', async () => {
    const result = await runCli(['kube-config', 'k8s', '--server', kube.url, '--ca-file', caFile, '--context', 'lab'], {
      home,
    });
    assert.equal(result.code, 0, result.stderr);
    writeFileSync(kubeconfig, result.stdout);
    assert.match(result.stdout, /interactiveMode: Never/);
    assert.match(result.stdout, /apiVersion: client\.authentication\.k8s\.io\/v1\n/);
    const command = /command: "([^"]+)"/.exec(result.stdout)?.[1] ?? '';
    assert.ok(path.isAbsolute(command), command);
    assert.match(result.stdout, /- "kube-credential"\n\s+- "k8s"/);
    assert.match(result.stdout, /current-context: "lab"/);
    const http = await runCli(['kube-config', 'k8s', '--server', 'http://127.0.0.1:1'], { home });
    assert.equal(http.code, 2);
  });

  test('kubectl get --raw /api fails without the wallet and works with it, across token renewals', async () => {
    const without = await kubectl(['--server', kube.url, '--certificate-authority', caFile, 'get', '--raw', '/api'], {
      KUBECONFIG: '/dev/null',
    });
    assert.notEqual(without.code, 0);
    assert.match(`${without.stdout}${without.stderr}`, /Unauthorized|provide credentials|Username/i);
    assert.equal(kube.seen.at(-1)?.status, 401, 'the API server refused it');
    const tokens = new Set<string>();
    // Three calls spread over more than two 5 s lifetimes: each must get a fresh, valid token.
    for (let round = 0; round < 3; round += 1) {
      const result = await kubectl(['--kubeconfig', kubeconfig, 'get', '--raw', '/api']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as { kind: string }).kind, 'APIVersions');
      const last = kube.seen.at(-1);
      assert.equal(last?.status, 200);
      tokens.add(last?.token ?? '');
      if (round < 2) await new Promise((resolve) => setTimeout(resolve, 5500));
    }
    assert.ok(tokens.size >= 2, 'renewed between calls');
  });

  test('kube-credential: ExecCredential v1, or v1beta1 when KUBERNETES_EXEC_INFO asks', async () => {
    const v1 = await runCli(['kube-credential', 'k8s'], { home });
    const credential = JSON.parse(v1.stdout) as {
      apiVersion: string;
      kind: string;
      status: { token: string; expirationTimestamp: string };
    };
    assert.equal(credential.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(credential.kind, 'ExecCredential');
    assert.ok(sensu.isValid(credential.status.token));
    assert.match(credential.status.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const info = JSON.stringify({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: { interactive: false },
    });
    const beta = await runCli(['kube-credential', 'k8s'], { home, env: { KUBERNETES_EXEC_INFO: info } });
    assert.equal(
      (JSON.parse(beta.stdout) as { apiVersion: string }).apiVersion,
      'client.authentication.k8s.io/v1beta1',
    );
  });

  test('the /proc scan saw no token in any argv', () => {
    const { scans, hits } = scanner.stop();
    assert.ok(scans > 10);
    assert.deepEqual(hits, []);
  });
});
