/**
 * Progress on stderr for runs that take more than a moment: one status line, rewritten in place,
 * only on a terminal (never in CI logs or pipes), cleared when the run ends.
 */
const SHOW_AFTER_MS = 400;

export class PhaseProgress {
  private readonly start = Date.now();
  private shown = false;
  private readonly enabled: boolean;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
    this.enabled = stream.isTTY === true && !process.env.CI;
  }

  private readonly stream: NodeJS.WriteStream;

  phase(name: string): void {
    if (!this.enabled || (Date.now() - this.start < SHOW_AFTER_MS && !this.shown)) return;
    this.shown = true;
    this.stream.write(`\r\x1b[2Kccguard: ${name}…`);
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
  }
}
