import path from 'node:path';
import { agentSocketPath } from '../agent/agent-socket';

/** The agent's plain-HTTP token socket: beside its JSON socket, in the same owner-only directory. */
export function tokenSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  const agent = agentSocketPath(home, platform);
  if (platform === 'win32') return `${agent}-token`;
  const base = path.basename(agent);
  return path.join(path.dirname(agent), base === 'agent.sock' ? 'token.sock' : base.replace(/\.sock$/, '.token.sock'));
}
