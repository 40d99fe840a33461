// The session transcript (--log FILE, by default session.log in the session directory):
// every byte fred wrote to the debugger's terminal and read from it, with the time, one
// JSON string per line so control characters are visible. For bug reports.
import * as fs from 'fs';
import { fredVersion } from '../cli/helpPages';

export class SessionLog {
  private fd?: number;

  constructor(readonly file: string, commandLine: string[]) {
    this.fd = fs.openSync(file, 'w', 0o600);
    this.line('#', `fred ${fredVersion()} node ${process.version} pid ${process.pid}: fred ${commandLine.join(' ')}`);
  }

  private line(mark: string, text: string): void {
    if (this.fd === undefined) return;
    try {
      fs.writeSync(this.fd, `${new Date().toISOString().slice(11, 23)} ${mark} ${text}\n`);
    } catch {
      // a full disk must not stop the session: the log ends here
      this.close();
    }
  }

  /** For LaunchOptions.transcript: > sent to the debugger, < received from it. */
  readonly transcript = (direction: 'sent' | 'received', data: string): void => {
    this.line(direction === 'sent' ? '>' : '<', JSON.stringify(data));
  };

  note(text: string): void {
    this.line('#', text);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
