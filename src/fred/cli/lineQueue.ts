// The user's lines in line mode, shared by two readers: the command loop (the next command)
// and, while a command runs, the terminal feeder (a line for a program that reads its
// terminal). Each reader gets its own line in the order the user typed them. The feeder
// borrows its line (lend): until the program took it (used) or the feeder gave it back
// (the command ended meanwhile: it is the user's next command), no reader gets a later
// one, so no line is lost or reordered however fast the user types.
import { LineSource } from './lineInput';

interface Reader {
  resolve(line: string | undefined): void;
  lends: boolean;
}

export class LineQueue {
  /** Lines read and not handed out yet (undefined: the end of input). */
  private readonly front: Array<string | undefined> = [];
  private readonly waiting: Reader[] = [];
  private reading = false;
  /** A line is out on loan to the feeder: the readers after it wait. */
  private lent = false;

  constructor(private readonly source: LineSource) {}

  /** The next line (undefined at the end of input). */
  next(): Promise<string | undefined> {
    return this.take(false);
  }

  /** The next line, on loan: later lines wait until it is used or given back. */
  lend(): Promise<string | undefined> {
    return this.take(true);
  }

  /** The lent line was used. */
  used(): void {
    this.lent = false;
    this.serve();
  }

  /** A line taken and not used: it is the next one handed out. */
  giveBack(line: string): void {
    this.front.unshift(line);
    this.lent = false;
    this.serve();
  }

  private take(lends: boolean): Promise<string | undefined> {
    const line = new Promise<string | undefined>((resolve) => this.waiting.push({ resolve, lends }));
    this.serve();
    return line;
  }

  /** Hand out lines in typed order, to the reader waiting longest; read more while one waits. */
  private serve(): void {
    while (!this.lent && this.front.length > 0 && this.waiting.length > 0) {
      const reader = this.waiting.shift()!;
      const line = this.front.shift();
      if (reader.lends && line !== undefined) this.lent = true;
      reader.resolve(line);
    }
    if (this.lent || this.reading || this.waiting.length === 0) return;
    this.reading = true;
    this.source.next().then((item) => {
      this.reading = false;
      this.front.push(item.done ? undefined : item.value);
      this.serve();
    }, () => {
      this.reading = false;
      for (const reader of this.waiting.splice(0)) reader.resolve(undefined);
    });
  }
}
