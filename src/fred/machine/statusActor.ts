// Runs the status machine for the app: supplies the side effects (redraw, the ticker)
// and hands out plain snapshots, so xstate stays inside this folder.
import { createActor, fromCallback } from 'xstate';
import { statusMachine } from './statusMachine';
import { BusyPhase, StatusEvent, StatusView } from './types';

export interface StatusActor {
  send(event: StatusEvent): void;
  view(): StatusView;
  stop(): void;
}

export interface StatusEffects {
  /** The status changed: redraw. */
  changed(view: StatusView): void;
  /** How often elapsed time moves while busy (ms); 0: never (tests). */
  tickMs: number;
  now(): number;
}

export function startStatusActor(effects: StatusEffects): StatusActor {
  let actorRef: ReturnType<typeof createActor<typeof statusMachine>> | undefined;
  let pending = false;
  let stopped = false;
  const view = (): StatusView => {
    const snapshot = actorRef!.getSnapshot();
    const value = snapshot.value;
    const phase = typeof value === 'string' ? 'stopped' : ((value as { busy: string }).busy as BusyPhase);
    return { phase: phase === ('afterWork' as BusyPhase) ? 'running' : phase, context: snapshot.context };
  };
  const machine = statusMachine.provide({
    // actions run while the machine is still moving: report the state it settles in
    actions: {
      changed: () => {
        if (pending) return;
        pending = true;
        queueMicrotask(() => { pending = false; if (actorRef && !stopped) effects.changed(view()); });
      },
    },
    actors: {
      ticker: fromCallback<StatusEvent>(({ sendBack }) => {
        if (effects.tickMs <= 0) return () => undefined;
        const timer = setInterval(() => sendBack({ type: 'TICK', at: effects.now() }), effects.tickMs);
        return () => clearInterval(timer);
      }),
    },
  });
  actorRef = createActor(machine);
  actorRef.start();
  return {
    send: (event) => actorRef!.send(event),
    view,
    stop: () => { stopped = true; actorRef!.stop(); },
  };
}
