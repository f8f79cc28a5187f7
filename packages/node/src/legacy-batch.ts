import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentError } from '@gongwen/core';

/** Files gathered into one LibreOffice run at most (its start-up, ≈2–3 s, is most of a small file's cost). */
const BATCH = 32;
/** How long the first file of a batch waits for others to join it. */
const GATHER_MS = 30;

interface Pending {
  file: string;
  resolve: (bytes: Uint8Array) => void;
  reject: (e: unknown) => void;
}

/**
 * .doc/.wps → .docx for a batch: the files asked for while one LibreOffice runs are converted together by the next,
 * one `soffice --convert-to docx` with many inputs (one process per file would pay its start-up each time). Inputs
 * are linked under numbered names in a private folder, so two files of the same name in different folders do not
 * overwrite each other's output. One process at a time, with its own user profile.
 */
export class LegacyBatcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private child: ChildProcess | undefined;
  private closed = false;

  constructor(
    private readonly soffice: string,
    private readonly timeoutMs = 120_000,
  ) {}

  convert(file: string): Promise<Uint8Array> {
    return new Promise((res, rej) => {
      if (this.closed) return rej(new DocumentError('legacy-convert-failed', '转换已取消 / conversion cancelled'));
      this.queue.push({ file, resolve: res, reject: rej });
      if (this.queue.length >= BATCH) this.kick();
      else if (!this.timer) this.timer = setTimeout(() => this.kick(), GATHER_MS);
    });
  }

  /** Ends a conversion in progress and fails what waits (the run was stopped). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.child?.kill('SIGKILL');
    for (const p of this.queue.splice(0))
      p.reject(new DocumentError('legacy-convert-failed', '转换已取消 / conversion cancelled'));
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || !this.queue.length || this.closed) return;
    const batch = this.queue.splice(0, BATCH);
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  private async run(batch: Pending[]): Promise<void> {
    const tmp = mkdtempSync(join(tmpdir(), 'gongwen-soffice-'));
    try {
      const inDir = join(tmp, 'in');
      const outDir = join(tmp, 'out');
      mkdirSync(inDir);
      const inputs = batch.map((p, i) => {
        const link = join(inDir, `${i}${extname(p.file).toLowerCase()}`);
        symlinkSync(resolve(p.file), link);
        return link;
      });
      const profile = `-env:UserInstallation=${pathToFileURL(join(tmp, 'profile')).href}`;
      const args = ['--headless', '--norestore', '--nologo', profile, '--convert-to', 'docx', '--outdir', outDir];
      const stderr = await this.spawn([...args, ...inputs], this.timeoutMs + batch.length * 10_000);
      batch.forEach((p, i) => {
        const out = join(outDir, `${i}.docx`);
        if (existsSync(out)) p.resolve(new Uint8Array(readFileSync(out)));
        else {
          const why = stderr.trim() ? `：${stderr.trim().split('\n').pop()}` : '';
          p.reject(
            new DocumentError(
              'legacy-convert-failed',
              `LibreOffice 未能转换该文件${why} / LibreOffice could not convert the file`,
            ),
          );
        }
      });
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  private spawn(args: string[], timeoutMs: number): Promise<string> {
    return new Promise((res, rej) => {
      const child = spawn(this.soffice, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      this.child = child;
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => {
        if (stderr.length < 4000) stderr += c.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        rej(e);
      });
      child.on('close', () => {
        clearTimeout(timer);
        this.child = undefined;
        res(stderr);
      });
    });
  }
}
