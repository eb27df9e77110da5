/**
 * Terraform against ARM JSON of a similar size: one .tf file through the built CLI, end to end (process start
 * included), as the pre-commit hook runs it (the .tf is evaluated with its directory's module: the other .tf files
 * and tfvars there are read too). Pairs:
 * - the azurerm provider's Batch example (basic/main.tf, 2.6 KB: an account and two pools, a module of one file)
 *   against fixtures/engine/lv2/batch.json (2.6 KB: an account and pools, every property an expression);
 * - the Verified Modules batch-account main.tf (4 KB, in a module of 17 KB with its variables.tf and locals.tf)
 *   against a real-world template of the module's size (fixtures/corpus/accessibility-insights-service, 17.6 KB).
 * The runs alternate (Terraform, JSON, Terraform, ...) so that drift of a shared machine falls on both sides alike;
 * the median of N (default 15, `--runs N`) of each is reported, with the ratio and the time over `node -e 0`.
 * Target: a .tf within 1.5x of the JSON template (as Bicep against its compiled JSON, bench/bicep.mjs). Reported,
 * never asserted: wall time on CI runners is too noisy.
 */
import { againstJson } from "./lib/against-json.mjs";

againstJson({
  title: "Terraform vs a JSON template of similar size, one file through the CLI",
  ext: ".tf",
  target: "a .tf within 1.5x of a JSON template of its size",
  pairs: [
    ["provider example, account and two pools (2.6 KB)", "test/fixtures/terraform/real/azurerm-examples-batch/basic/main.tf", "fixtures/engine/lv2/batch.json"],
    ["Verified Modules batch account (module 17 KB)", "test/fixtures/terraform/real/avm-res-batch-batchaccount/main.tf", "fixtures/corpus/accessibility-insights-service/batch-account.template.json"],
  ],
});
