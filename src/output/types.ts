import type { LintResult } from "../engine/findings.js";
import type { AnyRule } from "./catalog.js";

export interface FormatContext {
  readonly rules: readonly AnyRule[];
  /** Absolute directory that displayed paths are relative to (SARIF %SRCROOT%). */
  readonly base: string;
  readonly color: boolean;
  readonly sarifCategory?: string;
  readonly sarifIncludeSuppressed?: boolean;
  readonly verbose?: boolean;
  /** --summary: counts per rule, severity, subscription and resource group. */
  readonly summary?: boolean;
}

export type Formatter = (result: LintResult, ctx: FormatContext) => string;
