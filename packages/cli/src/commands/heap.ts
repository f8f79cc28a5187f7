import { setFlagsFromString } from 'node:v8';

/**
 * A run over files keeps little from one file to the next, yet V8 sizes the heap for a long-lived program: the old
 * generation grows to up to four times what a collection left (its factor under the large limit a process has) and
 * the young generation to 2 x 16 MB. Over 16 copies of gov-texts (10,432 files, -f json -o) that was about 40 MB of
 * garbage held at the peak for some 14 MB alive, and the peak grew with the number of files (pool 169 MB at 1x,
 * 247 MB at 16x; one thread 146 and 195 MB). With the old generation grown 20% at a time and the young one left at
 * the size it has: pool 167 -> 216 MB, one thread about 130 MB at 16x, in the same CPU time within noise.
 */
const TEXT = ['--heap-growing-percent=20', '--semi-space-growth-factor=1'];

/**
 * The flag a pool's workers load their bundle under: V8 sets the young generation's growth back to its default as
 * it makes a worker's heap, so the build takes their code cache under this one alone (V8 refuses a cache made under
 * other flags).
 */
export const CHECK_HEAP_FLAG = '--heap-growing-percent=20';

/**
 * Packages (.docx, PDF, OFD) need the young generation to grow (a part's XML tree lives through many scavenges: 500
 * .docx took 30.5 s of CPU in workers with 4 MB, 19.2 s with 32 MB): V8's default growth for them.
 */
const PACKAGE = [CHECK_HEAP_FLAG, '--semi-space-growth-factor=2'];

/** The V8 flags of a check by what its files mostly are (LintOptions.v8Flags). */
export function heapFlags(profile: 'text' | 'package'): readonly string[] {
  return profile === 'package' ? PACKAGE : TEXT;
}

/**
 * `gongwen check`: the flags for text, set as soon as the command line is loaded, before it first allocates (V8
 * grows the young generation early and keeps it); a run of packages sets its own once its files are listed.
 */
export function limitHeapGrowth(): void {
  for (const f of TEXT) setFlagsFromString(f);
}
