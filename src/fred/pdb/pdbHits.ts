// fred pdb: where the breakpoints that exist now would have stopped a replayed command
// (breakpoints set after the fact), and the counted stops that land there, through
// fredPdbState.py's hits_arm/hits_report. pdb has no addresses: a counted stop names a
// place, a breakpoint's (file, line, function), by its number in this session's table
// (`fred-hits 1 3`: just before the 3rd time place 1 is reached).
import { Debugger } from '../../debugger-adapters/debugger';
import { WouldStop } from '../../history/probing';

const quiet = { silent: true, keepStatus: true };

interface Place { file: string; line: number; funcname: string }

/** A Python string literal (JSON's is one, for the text of a path or a condition). */
const py = (text: string) => JSON.stringify(text);
const placeLiteral = (p: Place) => `(${py(p.file)}, ${p.line}, ${py(p.funcname)})`;

export class PdbHits {
  /** Places seen this session; a counted stop's "address" is its index + 1. */
  private readonly places: Place[] = [];

  constructor(private readonly dbg: Debugger) {}

  /** The places of pdb's breakpoints `numbers`, in that order, by session index. */
  async placesOf(numbers: readonly number[]): Promise<number[]> {
    const out = await this.dbg.execute(`p __import__('_fred_pdb').places([${numbers.join(', ')}])`, quiet);
    const found = [...out.text.matchAll(/^fred-place (\d+) (\S+) (.+?)\r?$/gm)].map((m) => ({ line: Number(m[1]), funcname: m[2] === '-' ? '' : m[2], file: m[3] }));
    if (found.length !== numbers.length) throw new Error(`pdb did not say where breakpoints ${numbers.join(' ')} are: ${out.text.trim().slice(-200)}`);
    return found.map((p) => this.indexOf(p));
  }

  private indexOf(place: Place): number {
    const known = this.places.findIndex((p) => p.file === place.file && p.line === place.line && p.funcname === place.funcname);
    if (known >= 0) return known;
    this.places.push(place);
    return this.places.length - 1;
  }

  /** The counted stop's place, from its "address". */
  private place(address: bigint): Place {
    const place = this.places[Number(address) - 1];
    if (!place) throw new Error(`fred-hits ${address}: no such place in this session`);
    return place;
  }

  /**
   * Arm the recorders: `places` (session indexes) with their conditions of now ('' for
   * none), and a counted stop (`address`, `count`) when given, which is counted too.
   */
  async arm(places: readonly number[], conditions: readonly string[], stop?: { address: bigint; count: number }): Promise<number[]> {
    const indexes = [...places];
    const literals = indexes.map((i) => placeLiteral(this.places[i]));
    const conditionLiterals = conditions.map(py);
    let stopLiteral = 'None';
    if (stop) {
      const at = Number(stop.address) - 1;
      this.place(stop.address);
      let k = indexes.indexOf(at);
      if (k < 0) {
        k = indexes.push(at) - 1;
        literals.push(placeLiteral(this.places[at]));
        conditionLiterals.push('None'); // counted only
      }
      stopLiteral = `(${k}, ${stop.count})`;
    }
    await this.dbg.execute(`p __import__('_fred_pdb').hits_arm([${literals.join(', ')}], [${conditionLiterals.join(', ')}], ${stopLiteral})`, quiet);
    return indexes;
  }

  /** What the recorders saw since arm() (which returned `indexes`); disarms them. */
  async report(indexes: readonly number[]): Promise<WouldStop> {
    const out = await this.dbg.execute("p __import__('_fred_pdb').hits_report()", quiet);
    const m = /^fred-hits-report ([01]) ?(.*?)\r?$/m.exec(out.text);
    if (!m) return { stops: [], endsAtOne: false };
    const stops = m[2].split(' ').filter((h) => h).map((h) => {
      const [k, n] = h.split(':').map(Number);
      return { address: BigInt(indexes[k] + 1), execution: n };
    });
    return { stops, endsAtOne: m[1] === '1' };
  }

  /** Arm a counted stop alone (a replayed `fred-hits N COUNT`); the caller continues, then reports. */
  async armStop(address: bigint, count: number): Promise<number[]> {
    return this.arm([], [], { address, count });
  }

  /** How fred-history shows a counted stop. */
  describe(address: bigint, count: number): string | undefined {
    const place = this.places[Number(address) - 1];
    if (!place) return undefined;
    const where = `${place.file.split('/').pop()}:${place.line}${place.funcname ? ` (${place.funcname})` : ''}`;
    return `just before the ${ordinal(count)} time at ${where}`;
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
