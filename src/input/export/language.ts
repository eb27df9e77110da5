/** Exported resources as an input language (input/language.ts): REST bodies, az CLI output, Resource Graph rows. */
import type { InputLanguage, LoadedInput } from "../language.js";
import { loadExport } from "./resources.js";

export const EXPORTED_RESOURCES: InputLanguage = {
  name: "exported resources",
  kinds: ["export"],
  load(doc, _options, ctx): LoadedInput {
    const ex = loadExport(doc, ctx);
    return {
      resources: ex.resources,
      documents: [],
      notes: ex.skipped.map((s) => ({ kind: "skipped", message: `${s.pointer || "/"}: ${s.reason}` })),
      errors: [],
      literal: true,
    };
  },
};
