/**
 * Exported resources as an input language (input/language.ts): REST bodies, az CLI output, Resource Graph rows; and
 * the same bodies inside other wrappers (REST API examples, SDK test recordings, nested dumps: wrapped.ts).
 */
import type { InputLanguage, LoadedInput } from "../language.js";
import { isExportShape } from "../recognise.js";
import { loadExport } from "./resources.js";
import { loadWrapped } from "./wrapped.js";

export const EXPORTED_RESOURCES: InputLanguage = {
  name: "exported resources",
  kinds: ["export", "wrapped"],
  load(doc, _options, ctx): LoadedInput {
    // Only "export" and "wrapped" documents come here, and an exported shape is what tells them apart (recognise.ts).
    if (!isExportShape(doc.value)) {
      const w = loadWrapped(doc, ctx);
      return { resources: w.resources, documents: [], notes: w.notes, errors: [], literal: w.literal };
    }
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
