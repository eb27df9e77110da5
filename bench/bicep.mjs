/**
 * Bicep against its compiled JSON: one file through the built CLI, end to end (process start included), as the
 * pre-commit hook runs it. Pairs: the Verified Modules batch-account main.bicep and its main.json (an excerpt of the
 * compiled template, so the JSON side does a little less), and core/main.bicep with its compile-equivalent main.json.
 * The runs alternate (Bicep, JSON, Bicep, ...) so that drift of a shared machine falls on both sides alike; the
 * median of N (default 15, `--runs N`) of each is reported, with the ratio and the time over `node -e 0`.
 * Target: Bicep within 1.5x of its compiled JSON. Reported, never asserted: wall time on CI runners is too noisy.
 */
import { againstJson } from "./lib/against-json.mjs";

againstJson({
  title: "Bicep vs its compiled JSON, one file through the CLI",
  ext: ".bicep",
  target: "Bicep within 1.5x of its compiled JSON",
  pairs: [
    ["Verified Modules batch-account", "test/fixtures/bicep/avm/batch-account/main.bicep", "test/fixtures/bicep/avm/batch-account/main.json"],
    ["core (four core rules)", "test/fixtures/bicep/core/main.bicep", "test/fixtures/bicep/core/main.json"],
  ],
});
