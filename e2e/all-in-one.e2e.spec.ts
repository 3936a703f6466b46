import { playScenarios } from './support/play-scenarios';
import { startAllInOne } from './support/stack';

// `npm start`'s single process: the four modules behind one port on the in-process bus.
describe('field scenarios, all-in-one (one process, in-process bus, Postgres)', () => {
  playScenarios(startAllInOne);
});
