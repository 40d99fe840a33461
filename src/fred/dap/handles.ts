// Variable references handed to the client: each stands for "the locals of frame L" or
// "the children of EXPR in frame L". They are good until the program moves.
export type VariableSource = { kind: 'locals'; level: number } | { kind: 'children'; level: number; expression: string };

export class VariableHandles {
  private readonly sources = new Map<number, VariableSource>();
  private next = 1;

  add(source: VariableSource): number {
    const reference = this.next++;
    this.sources.set(reference, source);
    return reference;
  }

  get(reference: number): VariableSource | undefined {
    return this.sources.get(reference);
  }

  /** The program moved: every reference handed out so far is stale. */
  clear(): void {
    this.sources.clear();
  }
}
