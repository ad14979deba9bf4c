import type { Services } from '../app.ts';
import { AppError } from '../errors.ts';
import type { CliContext } from './context.ts';

/**
 * Opens the database, refuses an LA with no data (before anything is worked out), runs `work`
 * and always closes the database again: the frame of every command about one council's data.
 */
export async function withLa<T>(ctx: CliContext, laCode: string, work: (services: Services) => Promise<T>, hint = `Import a file for it first (headroom import … --la ${laCode}).`): Promise<T> {
  const { adapters, services } = await ctx.open();
  try {
    if (!(await services.system.laCodes()).includes(laCode)) throw new AppError('not_found', `There is no data for LA ${laCode}. ${hint}`);
    return await work(services);
  } finally {
    await adapters.close();
  }
}
