// Scenarios, and cutting a line-mode transcript into the state dumps a scenario asked for: the output
// between an "@@tag" line and the next "@@END" line, without the debugger's echoed
// commands, normalised so that what legitimately differs between runs does not count.

/** A reverse-command scenario: fred runs setup + fred; plain gdb/pdb runs truthSetup (or setup) + truth. */
export interface Scenario {
  title: string;
  program: string;
  setup: string[];
  fred: string[];
  /** The forward sequence that must reach the same state (after the same or another setup). */
  truth: string[];
  truthSetup?: string[];
  /** Text the transcript must contain (a message fred prints). */
  says?: RegExp;
  /** More commands whose output the state dump compares (beyond bt, info locals, p $pc). */
  show?: string[];
}

/** Trailing blanks, carriage returns and empty lines do not count. */
export function tidyLines(text: string): string {
  return text.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').join('\n');
}

export function stateDump(transcript: string, tag: string, prompt: string, normalise: (text: string) => string): string {
  const lines = transcript.split('\n');
  const start = lines.findIndex((l) => l.trim() === `@@${tag}`);
  if (start < 0) throw new Error(`state dump ${tag} missing from transcript:\n${transcript}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '@@END');
  if (end < 0) throw new Error(`state dump ${tag} has no end in transcript:\n${transcript}`);
  return normalise(lines.slice(start + 1, end).filter((l) => !l.startsWith(prompt)).join('\n'));
}
