import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { basicCredentials, startFakeServer, type RunningServer } from './fake-server';

/**
 * A git server: `git http-backend` (the CGI that ships with git) behind a local HTTP server that
 * requires HTTP Basic with a valid token as the password.
 */
export interface GitServerFake extends RunningServer {
  /** Clone URL of the served repository. */
  repoUrl: string;
  /** Each request's outcome: 401 without a valid token. */
  seen: Array<{ user: string | undefined; status: number }>;
}

const backend = execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();

/** A bare repository with one commit. */
function makeRepository(root: string): void {
  const work = path.join(root, 'work');
  const git = (args: string[], cwd = work): void => {
    execFileSync('git', args, {
      cwd,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example',
      },
    });
  };
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  writeFileSync(path.join(work, 'README'), 'served by git http-backend\n');
  git(['add', 'README']);
  git(['commit', '-qm', 'first']);
  execFileSync('git', ['clone', '-q', '--bare', work, path.join(root, 'repo.git')]);
}

function runBackend(root: string, request: IncomingMessage, response: ServerResponse, url: URL, user: string): void {
  const cgi = spawn(path.join(backend, 'git-http-backend'), [], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
      ...(request.headers['git-protocol'] === undefined
        ? {}
        : { GIT_PROTOCOL: String(request.headers['git-protocol']) }),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  request.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    response.write(head.subarray(end + 4));
  });
  cgi.on('close', () => response.end());
}

export async function startGitServer(isValid: (token: string) => boolean): Promise<GitServerFake> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tw-git-'));
  makeRepository(root);
  const seen: GitServerFake['seen'] = [];
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://git');
    const credentials = basicCredentials(request);
    if (typeof credentials === 'string' || !isValid(credentials.password)) {
      seen.push({ user: typeof credentials === 'string' ? undefined : credentials.user, status: 401 });
      request.resume();
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="tw-git"', 'Content-Type': 'text/plain' });
      response.end('token required\n');
      return;
    }
    seen.push({ user: credentials.user, status: 200 });
    runBackend(root, request, response, url, credentials.user);
  };
  const server = await startFakeServer(handler);
  return { ...server, repoUrl: `${server.url}/repo.git`, seen };
}
