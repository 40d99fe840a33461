// The session's status machine (xstate stays inside this folder).
export { startStatusActor, StatusActor, StatusEffects } from './statusActor';
export { statusText, describeProgram } from './statusText';
export { expectedProbes } from './statusMachine';
export * from './types';
