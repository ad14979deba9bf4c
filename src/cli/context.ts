import { adapters, services, type Adapters, type Services } from '../app.ts';
import type { ExportedBy } from '../services/export.service.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { cliActor, readSecret } from './secret.ts';

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
  /** A password or other secret: hidden input on a terminal, else the next line of stdin. Never from argv. */
  readSecret(prompt: string): Promise<string>;
  /** `cli:<os user>`, recorded in the audit log as who ran the command. */
  actor(): string;
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
    readSecret: (prompt) => readSecret(prompt),
    actor: () => cliActor(process.env),
    async open(options = {}) {
      const logger = options.logger ?? makeLogger('command');
      const a = await adapters(getConfig(), logger, { migrate: options.migrate ?? true });
      return { adapters: a, services: services(a, { session: getConfig().session, oidc: getConfig().oidc }) };
    },
  };
}

/** Who runs an exporting command, for the export service, which writes the one audit row for it. */
export function commandBy(ctx: CliContext, command: string): ExportedBy {
  return { actor: ctx.actor(), via: { command } };
}
