import { SCENARIOS } from '../scenarios';
import { WorkspaceApi } from './api';
import { Stack } from './stack';
import { ScenarioWorkspace } from './workspaces';

/**
 * Plays every field scenario against one running Cairn (started once per
 * file), one test per scenario named after it. Each scenario has a workspace
 * of its own (segments, journeys, frequency policy, users), so they run
 * concurrently: the file takes about as long as its longest scenario.
 * Returns the running stack, for the mode's own checks in the spec file.
 */
export function playScenarios(start: (workspaces: ScenarioWorkspace[]) => Promise<Stack>): () => Stack {
  let stack: Stack | undefined;

  beforeAll(async () => {
    stack = await start(SCENARIOS.map((s) => s.workspace));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  for (const scenario of SCENARIOS) {
    it.concurrent(
      scenario.name,
      async () => {
        const started = Date.now();
        try {
          await scenario.run(new WorkspaceApi(stack!, scenario.workspace));
          // Named in the output of every run, also when Jest's reporter lists files only.
          process.stdout.write(`[e2e ${stack!.mode}] passed: ${scenario.name} (${Date.now() - started} ms)\n`);
        } catch (error) {
          (error as Error).message += `\n\nprocess output:\n${stack!.output()}`;
          throw error;
        }
      },
      60_000,
    );
  }
  return () => stack!;
}
