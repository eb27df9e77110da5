/** Deployment functions (ARM template functions reference): the template's parameters and variables, the deployment and its cloud. */
import { str } from "./helpers.js";
import type { FnDef } from "../types.js";

export const DEPLOYMENT: Record<string, FnDef> = {
  parameters: { min: 1, max: 1, fn: (x, a, e) => e.ctx.parameter(str(x[0]!, a)) },
  variables: { min: 1, max: 1, fn: (x, a, e) => e.ctx.variable(str(x[0]!, a)) },
  deployment: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.deployment() },
  environment: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.environment() },
};
