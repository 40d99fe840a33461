// The user's lines in line mode, shared by two readers: the command loop (the next command)
// and, while a command runs, the terminal feeder (a line for a program that reads its
// terminal). Each reader gets its own line in the order the user typed them; a line the
// feeder took but could not use (the command ended meanwhile) goes back to the front, to
// the reader waiting longest, so no line is lost or reordered.
import { LineSource } from './lineInput';

export class LineQueue {
  private readonly front: Array<string | undefined> = [];
  private readonly waiting: Array<(line: string | undefined) => void> = [];
  private reading = false;

  constructor(private readonly source: LineSource) {}

  /** The next line (undefined at the end of input). */
  next(): Promise<string | undefined> {
    if (this.front.length > 0) return Promise.resolve(this.front.shift());
    const line = new Promise<string | undefined>((resolve) => this.waiting.push(resolve));
    this.read();
    return line;
  }

  /** A line taken with next() and not used: the next reader gets it first. */
  giveBack(line: string): void {
    const reader = this.waiting.shift();
    if (reader) reader(line);
    else this.front.unshift(line);
  }

  private read(): void {
    if (this.reading || this.waiting.length === 0) return;
    this.reading = true;
    this.source.next().then((item) => {
      this.reading = false;
      const line = item.done ? undefined : item.value;
      const reader = this.waiting.shift();
      if (reader) reader(line);
      else this.front.push(line);
      this.read();
    }, () => {
      this.reading = false;
      for (const reader of this.waiting.splice(0)) reader(undefined);
    });
  }
}
