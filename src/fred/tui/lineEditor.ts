// The console's input line: what the user is typing, where the cursor is, the lines typed
// before (Up/Down recall them, Ctrl-R searches them) and completion. Pure; the console
// pane draws it at the debugger's prompt.

export class LineEditor {
  text = '';
  /** Cursor position, in characters from the start of text. */
  cursor = 0;
  private readonly past: string[] = [];
  /** Index into past while recalling; past.length when editing a new line. */
  private recall = 0;
  private draft = '';
  /** Ctrl-R: the text searched for and the index in past of the match shown. */
  private search?: { query: string; found: number };

  private get chars(): string[] { return [...this.text]; }

  private set(text: string, cursor = [...text].length): void {
    this.text = text;
    this.cursor = cursor;
  }

  insert(chars: string): void {
    const clean = chars.replace(/[\x00-\x1f\x7f]/g, '');
    if (this.search) return this.searchFor(this.search.query + clean);
    const c = this.chars;
    this.set([...c.slice(0, this.cursor), clean, ...c.slice(this.cursor)].join(''), this.cursor + [...clean].length);
  }

  backspace(): void {
    if (this.search) return this.searchFor([...this.search.query].slice(0, -1).join(''));
    if (this.cursor === 0) return;
    const c = this.chars;
    this.set([...c.slice(0, this.cursor - 1), ...c.slice(this.cursor)].join(''), this.cursor - 1);
  }

  left(): void { this.endSearch(); this.cursor = Math.max(0, this.cursor - 1); }
  right(): void { this.endSearch(); this.cursor = Math.min(this.chars.length, this.cursor + 1); }
  /** Ctrl-A */
  home(): void { this.endSearch(); this.cursor = 0; }
  /** Ctrl-E */
  end(): void { this.endSearch(); this.cursor = this.chars.length; }

  /** Ctrl-K: drop from the cursor to the end. */
  killToEnd(): void {
    this.endSearch();
    this.set(this.chars.slice(0, this.cursor).join(''), this.cursor);
  }

  /** Ctrl-W: drop the word before the cursor. */
  deleteWord(): void {
    this.endSearch();
    const before = this.chars.slice(0, this.cursor).join('').replace(/\S*\s*$/, '');
    const after = this.chars.slice(this.cursor).join('');
    this.set(before + after, [...before].length);
  }

  clear(): void {
    this.search = undefined;
    this.set('');
    this.recall = this.past.length;
  }

  up(): void {
    this.endSearch();
    if (this.recall === this.past.length) this.draft = this.text;
    if (this.recall > 0) this.set(this.past[--this.recall]);
  }

  down(): void {
    this.endSearch();
    if (this.recall >= this.past.length) return;
    this.recall++;
    this.set(this.recall === this.past.length ? this.draft : this.past[this.recall]);
  }

  /** Ctrl-R: start searching back, or find the next older match. */
  reverseSearch(): void {
    if (!this.search) {
      this.search = { query: '', found: this.past.length };
      return;
    }
    const older = this.findBefore(this.search.found, this.search.query);
    if (older >= 0) this.search.found = older;
  }

  get searching(): boolean { return this.search !== undefined; }

  private findBefore(index: number, query: string): number {
    for (let i = Math.min(index, this.past.length) - 1; i >= 0; i--) if (this.past[i].includes(query)) return i;
    return -1;
  }

  private searchFor(query: string): void {
    const found = this.findBefore(this.past.length, query);
    this.search = { query, found: found >= 0 ? found : this.past.length };
  }

  /** Leave the search with its match on the line (Ctrl-G/Esc: with the line as it was). */
  endSearch(keep = true): void {
    const s = this.search;
    if (!s) return;
    this.search = undefined;
    if (keep && s.found < this.past.length) this.set(this.past[s.found]);
  }

  /** What to draw after the prompt, and where the cursor is in it. */
  display(): { text: string; cursor: number } {
    const s = this.search;
    if (!s) return { text: this.text, cursor: this.cursor };
    const shown = `(reverse-i-search)\`${s.query}': ${s.found < this.past.length ? this.past[s.found] : ''}`;
    return { text: shown, cursor: [...shown].length };
  }

  /**
   * Tab: the completions of the whole line. One: it becomes the line; several: the line
   * grows to their common beginning, and they are returned to be listed.
   */
  complete(completions: string[]): string[] {
    if (completions.length === 0) return [];
    if (completions.length === 1) {
      this.set(`${completions[0]} `);
      return [];
    }
    let common = completions[0];
    for (const c of completions) while (!c.startsWith(common)) common = common.slice(0, -1);
    if (common.length > this.text.length) this.set(common);
    return completions;
  }

  /** Enter: the line to run (kept for recall unless empty or a repeat). */
  take(): string {
    this.endSearch();
    const line = this.text;
    if (line.trim() && this.past[this.past.length - 1] !== line) this.past.push(line);
    this.set('');
    this.draft = '';
    this.recall = this.past.length;
    return line;
  }
}
