/** Terraform (.tf, .tfvars) as an input language (input/language.ts): a file evaluated as part of its directory's module. */
import type { RunContext } from "../../context.js";
import { Prop } from "../../model/prop.js";
import { modelState } from "../../model/state.js";
import type { TemplateView } from "../../rule.js";
import type { InputLanguage, LoadedInput } from "../language.js";
import { isTerraformDoc, type TerraformDoc } from "./doc.js";
import { loadTerraform } from "./load.js";

export const TERRAFORM: InputLanguage = {
  name: "Terraform",
  kinds: ["terraform", "tfvars"],
  load(doc, options, ctx): LoadedInput {
    // Only a TerraformDoc is ever recognised as Terraform (recognise.ts).
    if (!isTerraformDoc(doc)) throw new Error(`${doc.file}: not read as Terraform`);
    const r = loadTerraform(doc, options, ctx);
    return { resources: r.resources, template: moduleView(doc, ctx), documents: r.documents, notes: r.notes, errors: r.errors, literal: false };
  },
};

/**
 * What document-level rules see of a Terraform module: a template with no parameters, outputs or written resources
 * in the ARM shape (variables and outputs are not ARM parameters and outputs: BATCH901 and BATCH902 have no
 * Terraform counterpart). Its presence lets the rules that read the document's resources run, such as BATCH021,
 * which finds the `azurerm_monitor_diagnostic_setting` resources among them (mapping/diagnostic.ts).
 */
function moduleView(doc: TerraformDoc, ctx: RunContext): TemplateView {
  const at = { file: doc.file, pointer: "" };
  const root = Prop.of(modelState(ctx), { t: "obj", props: new Map(), at, origins: [] });
  return { file: doc.file, root, parameters: root.get("parameters"), outputs: root.get("outputs") };
}
