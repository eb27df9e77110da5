/** Bicep (.bicep, .bicepparam) as an input language (input/language.ts): evaluated as its compiled template would be. */
import type { InputLanguage, LoadedInput } from "../language.js";
import { modelState } from "../../model/state.js";
import { isBicepDoc } from "./doc.js";
import { loadBicep } from "./load.js";
import { bicepTemplateView } from "./template.js";

export const BICEP: InputLanguage = {
  name: "Bicep",
  kinds: ["bicep", "bicepparam"],
  load(doc, options, ctx): LoadedInput {
    // Only a BicepDoc is ever recognised as Bicep (recognise.ts).
    if (!isBicepDoc(doc)) throw new Error(`${doc.file}: not read as Bicep`);
    const r = loadBicep(doc, options, ctx);
    return {
      resources: r.resources,
      // Document-level rules (BATCH021, BATCH901, BATCH902) read the template linted, as the compiled one would be.
      template: r.template ? bicepTemplateView(r.template, modelState(ctx)) : undefined,
      documents: [...r.documents, ...(options.parameterFiles ?? [])],
      notes: r.notes,
      errors: r.errors,
      literal: false,
    };
  },
};
