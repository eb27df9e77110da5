/** Terraform (.tf, .tfvars) as an input language (input/language.ts): a file evaluated as part of its directory's module. */
import type { InputLanguage, LoadedInput } from "../language.js";
import { isTerraformDoc } from "./doc.js";
import { loadTerraform } from "./load.js";

export const TERRAFORM: InputLanguage = {
  name: "Terraform",
  kinds: ["terraform", "tfvars"],
  load(doc, options, ctx): LoadedInput {
    // Only a TerraformDoc is ever recognised as Terraform (recognise.ts).
    if (!isTerraformDoc(doc)) throw new Error(`${doc.file}: not read as Terraform`);
    const r = loadTerraform(doc, options, ctx);
    return { resources: r.resources, documents: r.documents, notes: r.notes, errors: r.errors, literal: false };
  },
};
