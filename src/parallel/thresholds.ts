/**
 * When worker threads pay: the sizes of a run from which lintPaths lints on several threads (parallel/schedule.ts).
 * Kept apart from the scheduling, which a run on a few files never loads.
 */

/**
 * Files below which worker threads cost more than they save: a worker loads and warms up on its own, and while
 * it does, the compilers of two engines share the cores. Measured on 2 cores with --jobs 2 (one worker beside
 * the main thread), against linting on the main thread alone: 2,000-4,000 files took up to 40% longer, 5,000 as
 * long, 10,000 10-15% less. More workers share the cost: 5,000 / (jobs - 1) files, and never fewer than 2,000.
 */
export function minFilesForWorkers(jobs: number): number {
  return sharedAmong(jobs, 5000, 2000);
}

/**
 * Streamed lists and NDJSON files of at least this many bytes in all are worth worker threads, for the same
 * reason as minFilesForWorkers. Measured on 2 cores with --jobs 2 (two workers; the main thread reads), Resource
 * Graph files of 800-byte accounts against the main thread alone: 20 MB took 15-35% longer, 40 MB as long,
 * 79 MB 25% less. 40 MiB / (jobs - 1), and never less than 16 MiB (about 20,000 records).
 */
export function minListBytesForWorkers(jobs: number): number {
  return sharedAmong(jobs, 40 * 1024 * 1024, 16 * 1024 * 1024);
}

/** A threshold measured with --jobs 2, for `jobs` threads: `atTwo` / (jobs - 1), and never below `floor`. */
function sharedAmong(jobs: number, atTwo: number, floor: number): number {
  return Math.max(floor, Math.ceil(atTwo / Math.max(1, jobs - 1)));
}
