// The session's state as the status line shows it: waiting at the prompt (stopped) or
// busy with a command, and while busy, which phase: running, checkpointing, restarting,
// replaying k of n, searching probe k of about n. Side effects are placeholders the app
// (and the tests) supply with .provide(): `changed` (redraw) and the `ticker` actor
// (sends TICK while busy, so elapsed time moves).
import { assign, fromCallback, setup } from 'xstate';
import { StatusContext, StatusEvent } from './types';

/** Probes a bisection over a distance of `remaining` still needs, roughly. */
export function expectedProbes(remaining: number): number {
  return remaining > 1 ? Math.ceil(Math.log2(remaining)) : 0;
}

export const statusMachine = setup({
  types: {
    context: {} as StatusContext,
    events: {} as StatusEvent,
  },
  actions: {
    changed: () => { /* provided: redraw */ },
  },
  actors: {
    ticker: fromCallback<StatusEvent>(() => () => undefined),
  },
  guards: {
    nested: ({ context }) => context.depth > 1,
    searching: ({ context }) => context.search !== undefined,
    replayDone: ({ event }) => event.type === 'REPLAY_PROGRESS' && event.done >= event.total,
  },
}).createMachine({
  id: 'fredStatus',
  context: { since: 0, phaseSince: 0, depth: 0, program: { kind: 'not-started' }, failed: false, now: 0 },
  initial: 'stopped',
  on: {
    PROGRAM: { actions: [assign({ program: ({ event }) => event.program, now: ({ event }) => event.at }), 'changed'] },
  },
  states: {
    stopped: {
      on: {
        COMMAND_STARTED: {
          target: 'busy',
          actions: assign({
            command: ({ event }) => event.line.trim(),
            since: ({ event }) => event.at,
            phaseSince: ({ event }) => event.at,
            now: ({ event }) => event.at,
            depth: 1,
            replay: undefined,
            search: undefined,
            failed: false,
          }),
        },
      },
    },
    busy: {
      initial: 'running',
      entry: 'changed',
      invoke: { src: 'ticker' },
      on: {
        COMMAND_STARTED: { actions: assign({ depth: ({ context }) => context.depth + 1 }) },
        COMMAND_FINISHED: [
          { guard: 'nested', actions: assign({ depth: ({ context }) => context.depth - 1 }) },
          { target: 'stopped', actions: [assign({ depth: 0, failed: ({ event }) => !event.ok, now: ({ event }) => event.at }), 'changed'] },
        ],
        SNAPSHOT_STARTED: { target: '.checkpointing', actions: assign({ phaseSince: ({ event }) => event.at }) },
        RESTORE_STARTED: { target: '.restarting', actions: assign({ phaseSince: ({ event }) => event.at, replay: undefined }) },
        REPLAY_PROGRESS: [
          { guard: 'replayDone', target: '.afterWork', actions: assign({ replay: undefined }) },
          { target: '.replaying', actions: [assign({ replay: ({ event }) => ({ done: event.done, total: event.total }), now: ({ event }) => event.at }), 'changed'] },
        ],
        SEARCH_PROGRESS: {
          target: '.searching',
          actions: [assign({
            search: ({ event }) => ({ probes: event.probes, expected: expectedProbes(event.remaining), phase: event.phase, remaining: event.remaining }),
            phaseSince: ({ event }) => event.at,
            now: ({ event }) => event.at,
          }), 'changed'],
        },
        TICK: { actions: [assign({ now: ({ event }) => event.at }), 'changed'] },
      },
      states: {
        running: { entry: 'changed' },
        checkpointing: { entry: 'changed', on: { SNAPSHOT_TAKEN: 'afterWork' } },
        restarting: { entry: 'changed', on: { RESTORED: 'afterWork' } },
        replaying: { entry: 'changed' },
        searching: { entry: 'changed' },
        /** A snapshot, restore or replay ended: back to searching or running. */
        afterWork: {
          always: [{ guard: 'searching', target: 'searching' }, { target: 'running' }],
        },
      },
    },
  },
});
