// The console's input line: what the user is typing, and the lines typed before
// (Up/Down recall them). Pure; the console pane draws it at the debugger's prompt.

export class LineEditor {
  text = '';
  private readonly past: string[] = [];
  /** Index into past while recalling; past.length when editing a new line. */
  private recall = 0;
  private draft = '';

  insert(chars: string): void {
    this.text += chars.replace(/[\x00-\x1f\x7f]/g, '');
  }

  backspace(): void {
    this.text = [...this.text].slice(0, -1).join('');
  }

  /** Ctrl-W: drop the last word. */
  deleteWord(): void {
    this.text = this.text.replace(/\S*\s*$/, '');
  }

  clear(): void {
    this.text = '';
    this.recall = this.past.length;
  }

  up(): void {
    if (this.recall === this.past.length) this.draft = this.text;
    if (this.recall > 0) this.text = this.past[--this.recall];
  }

  down(): void {
    if (this.recall >= this.past.length) return;
    this.recall++;
    this.text = this.recall === this.past.length ? this.draft : this.past[this.recall];
  }

  /** Enter: the line to run (kept for recall unless empty or a repeat). */
  take(): string {
    const line = this.text;
    if (line.trim() && this.past[this.past.length - 1] !== line) this.past.push(line);
    this.text = '';
    this.draft = '';
    this.recall = this.past.length;
    return line;
  }
}
