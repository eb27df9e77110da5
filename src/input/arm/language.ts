/** ARM templates as an input language (input/language.ts): evaluated as Azure would deploy them. */
import type { InputLanguage, LoadedInput } from "../language.js";
import { loadTemplate } from "./template.js";

export const ARM_TEMPLATE: InputLanguage = {
  name: "ARM template",
  kinds: ["arm-template"],
  load(doc, options, ctx): LoadedInput {
    const t = loadTemplate(doc, options, ctx);
    return {
      resources: t.resources,
      template: t.template,
      documents: [...t.linked, ...(options.parameterFiles ?? [])],
      notes: t.notes.map((n) => ({ file: n.file, kind: "info", message: `${n.pointer}: ${n.message}` })),
      errors: t.errors,
      literal: false,
    };
  },
};
