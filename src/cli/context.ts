import { adapters, services, type Adapters, type Services } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';

/** What a command needs from the outside world, opened only when a command asks for it. */
export interface CliContext {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  config(): Config;
  /** Logger for long-running commands (stdout); one-shot commands log warnings to stderr. */
  logger(kind: 'server' | 'command'): Logger;
  open(options?: { migrate?: boolean; logger?: Logger }): Promise<{ adapters: Adapters; services: Services }>;
}

export function processContext(): CliContext {
  let config: Config | undefined;
  const getConfig = () => (config ??= loadConfig(process.env));
  const makeLogger = (kind: 'server' | 'command') =>
    kind === 'server' ? createLogger({ level: getConfig().logLevel }) : createLogger({ level: 'warn', destination: 2 });
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
    config: getConfig,
    logger: makeLogger,
    async open(options = {}) {
      const logger = options.logger ?? makeLogger('command');
      const a = await adapters(getConfig(), logger, { migrate: options.migrate ?? true });
      return { adapters: a, services: services(a) };
    },
  };
}
