// The status line's words for a machine state (pure: tests check it directly).
import { ProgramState, StatusView } from './types';

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

export function describeProgram(program: ProgramState): string {
  switch (program.kind) {
    case 'not-started':
      return 'not started';
    case 'stopped':
      return program.where ? `stopped at ${program.where}` : 'stopped';
    case 'exited':
      return program.signal ? `exited (${program.signal})` : `exited${program.code !== undefined ? ` (code ${program.code})` : ''}`;
  }
}

/** One line: the phase, what it is about, and the elapsed time while busy. */
export function statusText(view: StatusView): string {
  const c = view.context;
  if (view.phase === 'stopped') return `${describeProgram(c.program)}${c.failed ? ' · last command failed' : ''}`;
  const parts: string[] = [];
  // a total only while a bisection halves a known distance; a walk (nothing known, or a
  // distance of one or two) gets no made-up total, only its count and what it is doing
  const search = c.search
    ? (c.search.expected >= 2 ? `probe ${c.search.probes} of about ${c.search.probes + c.search.expected}` : `probe ${c.search.probes}, ${c.search.phase}`)
    : undefined;
  switch (view.phase) {
    case 'running':
      parts.push(search ? `searching ${search}` : `running ${c.command ?? ''}`.trim());
      break;
    case 'checkpointing':
      parts.push('checkpointing');
      break;
    case 'restarting':
      parts.push('restarting from a snapshot');
      break;
    case 'replaying':
      parts.push(c.replay ? `replaying ${c.replay.done} of ${c.replay.total}` : 'replaying');
      break;
    case 'searching':
      parts.push(`searching ${search ?? ''}`.trim());
      break;
  }
  if (search && view.phase !== 'searching' && view.phase !== 'running') parts.push(`search ${search}`);
  if (c.search?.phase) parts.push(c.search.phase);
  if (c.command && !parts[0].includes(c.command)) parts.push(c.command);
  parts.push(seconds(c.now - c.since));
  return parts.join(' · ');
}
