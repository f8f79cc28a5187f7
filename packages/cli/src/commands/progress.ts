import type { SingleBar } from 'cli-progress';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * The progress line of a long check on a terminal's standard error: files done of all, files per second, time left
 * and files that could not be checked so far (cli-progress draws it). Only on a terminal, never under CI.
 */
export class Progress {
  private bar: SingleBar | undefined;
  private failed = 0;
  private done = 0;
  private started = 0;

  private constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean }) {}

  /** A progress line for this stream, or undefined when it is not a terminal or CI is set. */
  static forStream(stream: NodeJS.WritableStream & { isTTY?: boolean }): Progress | undefined {
    if (!stream.isTTY || process.env.CI) return undefined;
    return new Progress(stream);
  }

  start(total: number): void {
    const { SingleBar } = require('cli-progress') as typeof import('cli-progress');
    this.bar = new SingleBar({
      stream: this.stream,
      format: '检查 {bar} {value}/{total} 个文件 | {rate} 个/秒 | 剩余 {left} | 无法检查 {failed}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      forceRedraw: true,
      gracefulExit: false,
      fps: 8,
    });
    this.started = Date.now();
    this.bar.start(total, 0, { rate: '0', left: '--:--', failed: 0 });
  }

  tick(failed: boolean): void {
    if (!this.bar) return;
    this.done++;
    if (failed) this.failed++;
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const total = this.bar.getTotal();
    this.bar.update(this.done, {
      rate: rate >= 10 ? rate.toFixed(0) : rate.toFixed(1),
      left: rate > 0 ? clock((total - this.done) / rate) : '--:--',
      failed: this.failed,
    });
  }

  /** Takes the line off the terminal (before other output is written there). */
  clear(): void {
    if (this.bar) this.stream.write('\r\x1b[2K');
  }

  redraw(): void {
    this.bar?.render();
  }

  stop(): void {
    if (!this.bar) return;
    this.bar.stop();
    this.bar = undefined;
  }
}
