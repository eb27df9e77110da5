/**
 * Terraform input, as found and passed on (issue 24): a directory walk takes *.tf and *.tfvars and skips the
 * .terraform cache; --var and --var-file reach the loader's TemplateOptions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RunContext } from "../src/context.js";
import { discover } from "../src/pipeline/discover.js";
import { templateOptions } from "../src/pipeline/parameters.js";
import { ResultBuilder } from "../src/pipeline/result.js";

let dir: string;
const write = (rel: string, text = "\n") => {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
};
const rel = (files: readonly string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join("/"));

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-tf-discover-")));
  write("infra/main.tf", 'resource "azurerm_batch_account" "a" {}\n');
  write("infra/variables.tf");
  write("infra/terraform.tfvars");
  write("infra/prod.auto.tfvars");
  write("infra/plan.json", "{}\n");
  write("infra/modules/pool/main.tf");
  write("infra/.terraform.lock.hcl");
  write("infra/README.md");
  // What `terraform init` puts in .terraform: copies of modules and provider binaries, not the configuration.
  write("infra/.terraform/modules/remote/main.tf");
  write("infra/.terraform/modules/remote/vars.tfvars");
  write("infra/.terraform/modules/modules.json", "{}\n");
  write("infra/.terraform/providers/registry.terraform.io/hashicorp/azurerm/4.0.0/linux_amd64/LICENSE.txt");
  write("infra/modules/pool/.terraform/modules/x/main.tf");
  write("node_modules/pkg/main.tf");
  write("only-tf/main.tf");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("discovery of Terraform files", () => {
  test("a directory walk finds *.tf and *.tfvars (and plan JSON as any .json), and skips .terraform and node_modules", async () => {
    const found = await discover(["."], dir);
    expect(rel(found.files)).toEqual(["infra/main.tf", "infra/modules/pool/main.tf", "infra/plan.json", "infra/prod.auto.tfvars", "infra/terraform.tfvars", "infra/variables.tf", "only-tf/main.tf"]);
    expect(found.missing).toEqual([]);
  });
  test("a directory holding only .tf files has files to lint", async () => {
    const found = await discover(["only-tf"], dir);
    expect(rel(found.files)).toEqual(["only-tf/main.tf"]);
    expect(found.missing).toEqual([]);
  });
  test("a glob skips .terraform too", async () => {
    expect(rel((await discover(["infra/**/*.tf"], dir)).files)).toEqual(["infra/main.tf", "infra/modules/pool/main.tf", "infra/variables.tf"]);
  });
  test("a .terraform directory named on the command line is searched, as a node_modules named is", async () => {
    expect(rel((await discover(["infra/.terraform"], dir)).files)).toEqual(["infra/.terraform/modules/modules.json", "infra/.terraform/modules/remote/main.tf", "infra/.terraform/modules/remote/vars.tfvars"]);
    expect(rel((await discover(["node_modules"], dir)).files)).toEqual(["node_modules/pkg/main.tf"]);
  });
  test("a file named on the command line is taken as named, wherever it is", async () => {
    expect(rel((await discover(["infra/.terraform/modules/remote/main.tf"], dir)).files)).toEqual(["infra/.terraform/modules/remote/main.tf"]);
  });
});

describe("--var and --var-file reach the loader's options", () => {
  test("templateOptions passes the run's terraformVars and terraformVarFiles on", () => {
    const vars = new Map([["pool_name", "p1"]]);
    const files = [path.join(dir, "infra/terraform.tfvars")];
    const abs = path.join(dir, "infra/main.tf");
    const o = templateOptions(new RunContext(), abs, dir, { rules: [], cwd: dir, terraformVars: vars, terraformVarFiles: files }, new ResultBuilder(false));
    expect(o.terraformVars).toBe(vars);
    expect(o.terraformVarFiles).toEqual(files);
  });
  test("without them, none is set", () => {
    const o = templateOptions(new RunContext(), path.join(dir, "infra/main.tf"), dir, { rules: [], cwd: dir }, new ResultBuilder(false));
    expect(o.terraformVars).toBeUndefined();
    expect(o.terraformVarFiles).toBeUndefined();
  });
});
