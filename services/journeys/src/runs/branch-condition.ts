/** Branch decisions live in `@cairn/journeys-domain` (pure, shared with the simulator); re-exported for the run stepper. */
export { decideBranch } from '@cairn/journeys-domain';
