/** What the core logs through. Kept free of pino, so modules that log cost nothing until a host opens a log. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  flush(): void;
}

/** Where no log was opened (unit tests, library use): records go nowhere. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  flush: () => undefined,
};

let current: Logger = silentLogger;

/** A host (CLI run, agent, dashboard, the app) says where the process logs. */
export function useLogger(logger: Logger): void {
  current = logger;
}

/** The process's log: warnings instead of silently dropped failures, always with the account and cause. */
export const log: Logger = {
  debug: (fields, message) => current.debug(fields, message),
  info: (fields, message) => current.info(fields, message),
  warn: (fields, message) => current.warn(fields, message),
  error: (fields, message) => current.error(fields, message),
  flush: () => current.flush(),
};

/**
 * The log of a short CLI run: pino (and the file) are loaded only if something is logged at all,
 * so a `token` call that goes well pays nothing for them.
 */
export function lazyLogger(open: () => Promise<Logger>): Logger {
  let opened: Promise<Logger> | null = null;
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, message: string) => {
      opened ??= open().catch(() => silentLogger);
      void opened.then((logger) => logger[level](fields, message));
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    flush: () => void opened?.then((logger) => logger.flush()),
  };
}
