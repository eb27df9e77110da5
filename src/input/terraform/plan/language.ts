/**
 * A Terraform plan in JSON (`terraform show -json plan.out`) as an input language (input/language.ts): the Batch
 * resources it plans to create or update, their values as Terraform evaluated them (load.ts).
 */
import { type DocFixer, type ParsedDoc, parseDocument } from "../../../parse/document.js";
import type { InputLanguage, LoadedInput } from "../../language.js";
import { loadPlan } from "./load.js";

/** A plan is Terraform's output: a fix belongs in the configuration that made it, never in the plan. */
const PLAN_FIXER: DocFixer = {
  expression: "Terraform",
  edits: () => ({ refused: "a Terraform plan is not edited: change the Terraform configuration" }),
};

export const TERRAFORM_PLAN: InputLanguage = {
  name: "Terraform plan",
  kinds: ["terraform-plan"],
  load(doc, _options, ctx): LoadedInput {
    // The JSON reader gives a plan no fixer; post/fix.ts then edits JSON itself, which must not happen to a plan.
    const d = doc as ParsedDoc & { fixer?: DocFixer };
    if (d.fixer === undefined) d.fixer = PLAN_FIXER;
    const plan = loadPlan(doc, ctx);
    // Not literal: the resources are mapped from the plan's values (post/secrets.ts walks them as well as the plan).
    return { resources: plan.resources, documents: plan.sensitive.size ? [sensitiveDoc(doc, plan.sensitive)] : [], notes: plan.notes, errors: [], literal: false };
  },
};

/**
 * The plan's sensitive strings as the redactor (post/secrets.ts) finds secrets in documents: the value of a
 * `secureObject`. They are not in the model (load.ts), so no rule quotes them; with this, no text batchlint prints
 * shows one either, wherever it came from. No finding or location ever points into this document.
 */
function sensitiveDoc(plan: ParsedDoc, values: ReadonlySet<string>): ParsedDoc {
  const text = JSON.stringify({ after_sensitive: { type: "secureObject", defaultValue: [...values] } });
  return parseDocument(text, `${plan.file}#after_sensitive`, { context: plan.context });
}
