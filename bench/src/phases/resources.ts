import { Phase } from '../context';

/** M7: peak RSS and CPU of every service process still running. */
export const resourcesPhase: Phase = {
  name: 'resources',
  async run(ctx) {
    for (const name of ctx.services.keys()) ctx.recordResources(name);
  },
};
