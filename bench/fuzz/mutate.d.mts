/** Types of mutate.mjs, for test/fuzz.e2e.test.ts. */
export interface FuzzFile {
  name: string;
  bytes: Buffer;
}
export interface Plan {
  index: number;
  seed: number;
  seedIdx: number;
  ops: { t: string; s: number; bytes?: boolean }[];
  container: { t: string; s: number };
  layout: { indent: string; eol: string };
}
export declare const HOSTILE: readonly string[];
export declare function plan(seeds: readonly unknown[], seed: number, index: number): Plan;
export declare function build(seeds: readonly unknown[], p: Plan, base?: string, keep?: (i: number) => boolean): FuzzFile[];
export declare function describe(seeds: readonly unknown[], p: Plan, keep?: (i: number) => boolean): string;
