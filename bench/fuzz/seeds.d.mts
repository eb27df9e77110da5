/** Types of seeds.mjs, for test/fuzz.e2e.test.ts. */
export interface Seed {
  file: string;
  text: string;
  tree: unknown;
  kind: "template" | "export" | "ndjson" | "parameters" | "json" | "text";
}
export declare function loadSeeds(repoRoot: string, options?: { maxBytes?: number }): Seed[];
