// pdb: where a frame live at the end of a `c` came from (Prober.frameOrigin): the `c` is
// replayed once with the counting trace of fredPdbState.py (arm_origins), which notes for
// each frame the line event that began it and its caller's line that called it; the
// answer is read at the stop. The `c` stops where it stopped before: the trace only counts.
import type { Debugger } from '../../debugger-adapters/debugger';
import type { FrameOrigin } from '../../history/probing';

const helper = (call: string) => `p __import__('_fred_pdb').${call}`;

/**
 * `replay(arm)` replays the `c` with `arm` run just before it resumes the program (with
 * `lines`: a `fred-hits 0 N`, replayed as a `c` the trace stops at the N-th line);
 * `depth`: the frame, counted from the outermost of the program's frames.
 */
export async function pdbFrameOrigin(debugger_: Debugger, replay: (arm: (lines?: number) => Promise<void>) => Promise<void>, depth: number): Promise<FrameOrigin | undefined> {
  await replay(async (lines) => {
    const armed = await debugger_.execute(helper(`arm_origins(${lines ?? ''})`), { silent: true, keepStatus: true });
    if (armed.text.trim() !== 'None') throw new Error(`pdb could not arm fred's frame-origin count: ${armed.text.trim().slice(-200)}`);
  });
  const answer = (await debugger_.execute(helper(`frame_origin(${Math.floor(depth)})`), { silent: true, keepStatus: true })).text;
  const m = /^fred-origin (\d+|before|none) (\d+|-) (\d+)$/m.exec(answer);
  if (!m || m[1] === 'none') return undefined;
  const lines = Number(m[3]);
  return m[1] === 'before' ? { lines } : { entry: Number(m[1]), site: Number(m[2]), lines };
}
