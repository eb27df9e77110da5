/**
 * Date functions (ARM template functions reference): none is evaluated yet. utcNow() is known only at deployment
 * time (evaluate.ts); dateTimeAdd(), dateTimeFromEpoch() and dateTimeToEpoch() are unknown functions until they are
 * written here.
 */
import type { FnDef } from "../types.js";

export const DATE: Record<string, FnDef> = {};
