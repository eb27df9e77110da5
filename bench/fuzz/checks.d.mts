/** Types of checks.mjs, for test/fuzz.e2e.test.ts. */
export interface Problem {
  cat: string;
  msg: string;
}
export declare function runnerLines(text: string): string[];
export declare function checkOutput(format: string, text: string, options?: { color?: boolean }): Problem[];
export declare function checkProcess(run: { status: number | null; signal: NodeJS.Signals | null; stderr: string; timedOut?: boolean }): Problem[];
