import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** Unix socket paths are limited to ~104 bytes; longer homes get a per-user directory in the temp folder. */
const maxSocketPath = 100;

/** Where the agent of a wallet home listens: a socket in the home (a named pipe on Windows). */
export function agentSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\token-wallet-${digest}`;
  const inHome = path.join(home, 'agent.sock');
  if (inHome.length <= maxSocketPath) return inHome;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return path.join(os.tmpdir(), `token-wallet-${uid}`, `${digest}.sock`);
}

/** One JSON object per line, both ways. */
export interface AgentRequest {
  id: number;
  method: string;
  params?: unknown[];
}

export type AgentResponse =
  | { id: number; result: unknown }
  | { id: number; error: { kind: string; message: string; details: Record<string, unknown> } };

export const maxLineBytes = 1024 * 1024;
