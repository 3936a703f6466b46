export * from './scenario';
export * from './resources';
export { checkChannel, CHANNEL_TYPES, type ChannelResource, type ChannelType } from './channel-check';
export * from './output';
export { Simulation, simulate, prepareSimulation, SimulationTooLarge, InvalidResources, type SimulationOptions } from './simulation';
export { compareMessages, parseExpected, type Expectation } from './expect';
export { formatTimeline, localTime, offsetLabel, summary } from './timeline';
