import { CairnConfig, DEV_WORKSPACE_ID, ServiceName } from '@cairn/config';
import { describeSeed, seedDemo } from './seed-demo';

export { seedDemo, describeSeed } from './seed-demo';
export type { SeedStep, StepOutcome } from './seed-demo';

/**
 * Installs the demo into the dev workspace when the configuration has it (it
 * never exists in production) and prints what it did and what to try next.
 * Never throws: a failed seed leaves a running, empty workspace.
 */
export async function seedDevWorkspace(config: CairnConfig, upstreams: Record<ServiceName, string>, print: (text: string) => void): Promise<void> {
  const dev = config.workspaces.find((w) => w.id === DEV_WORKSPACE_ID);
  if (!dev) return;
  try {
    print(`${describeSeed(await seedDemo(upstreams, dev.adminKeys[0]), config.port)}\n`);
  } catch (error) {
    print(`Demo seed skipped: ${(error as Error).message}\n`);
  }
}
