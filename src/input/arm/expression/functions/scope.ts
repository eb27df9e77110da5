/**
 * Scope functions (ARM template functions reference): the resource group, subscription and tenant deployed to.
 * managementGroup() is known only at deployment time (evaluate.ts).
 */
import type { FnDef } from "../types.js";

export const SCOPE: Record<string, FnDef> = {
  resourcegroup: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.resourceGroup() },
  subscription: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.subscription() },
  tenant: { min: 0, max: 0, fn: (_x, _a, e) => e.ctx.tenant() },
};
