/** The command line as parsed and checked before a run (src/cli/args.ts), in process. */
import { describe, expect, test } from "vitest";
import { lintRequest, parseCommandLine, UsageError, type CommandLine } from "../src/cli/args.js";
import { FORMATTERS } from "../src/output/index.js";

function request(argv: string[]) {
  const cl = parseCommandLine(argv);
  if ("error" in cl) throw new Error(cl.error);
  return lintRequest(cl as CommandLine, FORMATTERS, process.cwd());
}

describe("formats", () => {
  test("each known format is accepted", () => {
    for (const f of Object.keys(FORMATTERS)) expect(request(["x.json", "-f", f]).outputs.map((o) => o.format)).toEqual([f]);
  });
  test("names of Object.prototype's members are unknown formats, a usage error (they crashed the report)", () => {
    for (const f of ["toString", "__proto__", "constructor", "hasOwnProperty"]) expect(() => request(["x.json", "-f", f])).toThrow(UsageError);
  });
});
