// The history module: command log, checkpoint marks, replay planning and the reverse
// commands. Pure logic: the session supplies a Prober that restarts and replays.
export * from './commands';
export * from './fredCommands';
export * from './probing';
export * from './timePoints';
export * from './replayPlan';
export * from './retention';
export * from './timeline';
export { HistoryError } from './frameSearch';
export * from './reverse';
export * from './reverseWatch';
