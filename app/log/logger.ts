import { mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Logger } from './current';
import { redactText, redactValue } from './redact';

export type { Logger } from './current';

export interface LoggerOptions {
  /** The wallet home: the log is `logs/token-wallet.log` in it. */
  home: string;
  /** `--verbose`: also write every line (debug and up) to this stream. */
  verbose?: NodeJS.WritableStream;
  /** Rotate when the log is larger than this at start-up. */
  maxBytes?: number;
  /** Rotated files kept: token-wallet.log.1 … .N. */
  keep?: number;
}

export const logFile = (home: string): string => path.join(home, 'logs', 'token-wallet.log');

/** Size-based rotation at open: long-running hosts open the log once a start, CLI runs append. */
function rotate(file: string, maxBytes: number, keep: number): void {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size < maxBytes) return;
  for (let index = keep - 1; index >= 1; index -= 1) {
    try {
      renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(file, `${file}.1`);
}

/**
 * A structured (JSON lines) log in the wallet home, owner-only, with every record passed through
 * the one redaction rule (`redact.ts`), so no secret reaches it whatever a caller passes in.
 */
export function openLogger(options: LoggerOptions): Logger {
  const file = logFile(options.home);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  rotate(file, options.maxBytes ?? 1024 * 1024, options.keep ?? 3);
  const streams: pino.StreamEntry[] = [
    { level: 'info', stream: pino.destination({ dest: file, mode: 0o600, sync: true }) },
  ];
  if (options.verbose !== undefined) streams.push({ level: 'debug', stream: options.verbose });
  const logger = pino(
    {
      level: 'debug',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (record) => redactValue(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redactedArgs = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<
            typeof method
          >;
          method.apply(this, redactedArgs);
        },
      },
    },
    pino.multistream(streams),
  );
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    flush: () => logger.flush(),
  };
}
