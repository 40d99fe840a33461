// Cutting a line-mode transcript into the state dumps a scenario asked for: the output
// between an "@@tag" line and the next "@@END" line, without the debugger's echoed
// commands, normalised so that what legitimately differs between runs does not count.

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
