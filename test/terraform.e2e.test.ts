/**
 * Terraform through the built CLI (issue 24), as users run it: exit codes and `file:line:col` at the attribute,
 * syntax errors beside the other files' findings, a module directory with its .tfvars and a `.terraform/` folder,
 * `--var` and `--var-file` with Terraform's precedence (and the same bytes with worker threads), sensitive values in
 * every output format, `--fix` and `--fix-dry-run` on a .tf, `#` and `//` suppressions, SARIF of a .tf run and plan
 * JSON (`terraform show -json`). The fixtures are in test/fixtures/terraform/e2e/; each test lints a scratch copy,
 * so paths in the output are short and `--fix` never writes a fixture. The SARIF validator's case is in
 * sarif-multitool.e2e.test.ts, the pre-commit hook's in pre-commit.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { minFilesForWorkers } from "../src/parallel/thresholds.js";
import { bin, run, scratch, write } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

const FIXTURES = path.join(repoRoot, "test/fixtures/terraform/e2e");

/** A scratch directory with copies of the named fixture folders (test/fixtures/terraform/e2e/NAME). */
function copy(...names: string[]): string {
  const dir = scratch();
  for (const n of names) fs.cpSync(path.join(FIXTURES, n), path.join(dir, n), { recursive: true });
  return dir;
}

/** The built CLI with every rule on (run() of cli-run.ts turns all but the four core rules off). */
function runAll(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, input: "", encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  resource: { label: string; file: string };
  related: { file: string; line: number; column: number; message: string }[];
  suppression?: { kind: string; justification?: string; source: string };
}
interface JsonReport {
  findings: JsonFinding[];
  errors: { file: string; line: number; column: number; message: string; code: string }[];
  filesLinted: number;
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
/** A finding as one line: where, what, which resource, and where its value came from. */
const brief = (f: JsonFinding) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.resource.label}${f.related.map((r) => ` <- ${r.file}:${r.line}:${r.column}`).join("")}`;

const BATCH001_HELP = '  help: Set `allowed_authentication_modes = ["AAD"]` and move clients to Microsoft Entra ID authentication.';

describe("exit codes and positions", () => {
  test("an error-level finding in a .tf exits 1 at the attribute's file:line:col", () => {
    const dir = copy("bad");
    const r = run(["bad"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        'bad/main.tf:6:43: error BATCH001 allowed_authentication_modes includes "SharedKey": shared key authentication is enabled. [shared-key-auth-disabled]',
        BATCH001_HELP,
        "",
        "✖ 1 problem (1 error, 0 warnings) in 1 file",
        "",
      ].join("\n"),
    );
    // Column 43 is the opening quote of "SharedKey"; the JSON report gives the same place.
    expect(fs.readFileSync(path.join(dir, "bad/main.tf"), "utf8").split("\n")[5]!.slice(42)).toBe('"SharedKey"]');
    const f = json(run(["bad", "-f", "json"], { cwd: dir }).stdout).findings;
    expect(f.map(brief)).toEqual(["bad/main.tf:6:43 BATCH001 azurerm_batch_account.legacy"]);
  });

  test("a clean module (a tfvars value over an unsafe default) exits 0 with no output; with every rule on, only notes", () => {
    const dir = copy("clean");
    const r = run(["clean"], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const all = runAll(["clean", "-f", "json"], dir);
    expect(all.code).toBe(0);
    const report = json(all.stdout);
    expect(report.errors).toEqual([]);
    expect(report.filesLinted).toBe(3);
    expect(report.findings.filter((f) => f.severity !== "note").map(brief)).toEqual([]);
  });

  test("a syntax error exits 2 naming file:line:col, and the other files of the run are still reported", () => {
    const dir = copy("syntax", "bad", "clean");
    const r = run(["."], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^syntax\/main\.tf:4:3: error Terraform syntax error: expected ',' or '\]' after the item, found 'public_network_acces/m);
    expect(r.stdout).toMatch(/^bad\/main\.tf:6:43: error BATCH001 /m);
    expect(r.stdout).toMatch(/^✖ 1 problem \(1 error, 0 warnings\) in 1 file; 1 file could not be linted$/m);
    const report = json(run([".", "-f", "json"], { cwd: dir }).stdout);
    expect(report.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`)).toEqual(["syntax/main.tf:4:3 terraform-syntax"]);
    expect(report.findings.map(brief)).toEqual(["bad/main.tf:6:43 BATCH001 azurerm_batch_account.legacy"]);

    // A broken .tfvars of a module: the module cannot be evaluated, the error is at the .tfvars position.
    write(dir, "clean/terraform.tfvars", 'modes = ["AAD",\n  "SharedKey"\n');
    const tfvars = run(["clean", "bad"], { cwd: dir });
    expect(tfvars.code).toBe(2);
    expect(tfvars.stdout).toMatch(/^clean\/terraform\.tfvars:3:1: error Terraform syntax error: expected ',' or '\]' after the item, found end of file$/m);
    expect(tfvars.stdout).toMatch(/^bad\/main\.tf:6:43: error BATCH001 /m);
  });

  test("a directory with .tf, .tfvars and a .terraform/ folder: .terraform is skipped, the tfvars give the values", () => {
    const dir = copy("module");
    // What `terraform init` leaves: a downloaded module (with a finding of its own) and its manifest; and a .tfvars
    // that would make the module's values unsafe if it were read. None of it is linted or read.
    fs.cpSync(path.join(FIXTURES, "bad"), path.join(dir, "module/.terraform/modules/legacy"), { recursive: true });
    write(dir, "module/.terraform/modules/modules.json", '{"Modules":[{"Key":"legacy","Source":"registry.terraform.io/x/legacy/azurerm","Dir":".terraform/modules/legacy"}]}\n');
    write(dir, "module/.terraform/terraform.tfvars", 'modes = ["SharedKey"]\n');
    const r = run(["module", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.filesLinted).toBe(4); // main.tf, variables.tf, terraform.tfvars, prod.auto.tfvars
    expect(report.findings.map(brief)).toEqual([
      "module/main.tf:5:35 BATCH002 azurerm_batch_account.main <- module/terraform.tfvars:1:10",
      // public = true in terraform.tfvars, false in prod.auto.tfvars: the .auto.tfvars wins.
      "module/main.tf:8:3 BATCH004 azurerm_batch_account.main <- module/main.tf:6:35 <- module/prod.auto.tfvars:2:10",
    ]);
    expect(report.findings[0]!.related[0]!.message).toBe("value from terraform.tfvars");
    expect(r.stdout).not.toContain(".terraform");
    // Named alone (as the pre-commit hook passes a staged file), a .tfvars is linted with its module.
    const alone = json(run(["module/terraform.tfvars", "-f", "json"], { cwd: dir }).stdout);
    expect(alone.findings.map(brief)).toEqual(report.findings.map(brief));
    // Only the walk of a directory skips .terraform: a file in it named on the command line is linted.
    expect(run(["module/.terraform/modules/legacy/main.tf"], { cwd: dir }).code).toBe(1);
  });

  test("related locations speak Terraform: BATCH004 names public_network_access_enabled, not publicNetworkAccess", () => {
    const dir = copy("module");
    const r = run(["module"], { cwd: dir });
    expect(r.stdout).toContain(
      [
        "module/main.tf:8:3: warning BATCH004 network_profile is ignored because public_network_access_enabled is false. [network-profile-ignored]",
        "  note: module/main.tf:6:35: public_network_access_enabled is set here",
        "  note: module/prod.auto.tfvars:2:10: public_network_access_enabled is set here: value from prod.auto.tfvars",
        "  help: Remove `network_profile`, or set `public_network_access_enabled = true` if the IP rules are meant to apply.",
      ].join("\n"),
    );
  });

  test("--verbose: the note on a refused fix is at the .tf finding, once, also when the module's .tfvars is linted", () => {
    const dir = copy("module");
    for (const args of [["module"], ["module/terraform.tfvars"], ["module/main.tf", "module/terraform.tfvars"]]) {
      const r = run([...args, "--verbose"], { cwd: dir });
      const infos = r.stdout.split("\n").filter((l) => l.includes(": info "));
      // The findings are in main.tf (the .tfvars only give a value): so are the notes on them, each once.
      expect(
        infos.filter((l) => !l.startsWith("module/main.tf:")),
        args.join(" "),
      ).toEqual([]);
      expect(
        infos.filter((l) => l.startsWith("module/main.tf:5:35: info BATCH002: no automatic fix: ")),
        args.join(" "),
      ).toHaveLength(1);
      expect(new Set(infos).size, args.join(" ")).toBe(infos.length);
    }
  });
});

describe("--var and --var-file", () => {
  const lint = (dir: string, ...args: string[]) => {
    const r = run(["precedence", "-f", "json", ...args], { cwd: dir });
    expect(r.stderr).toBe("");
    const report = json(r.stdout);
    expect(report.errors).toEqual([]);
    return report.findings.map((f) => `${f.resource.label.replace("azurerm_batch_account.", "")}${f.related.map((x) => ` <- ${x.file}:${x.line}`).join("")}`);
  };
  // Each account allows SharedKey exactly when its variable's final value says so (variables.tf tells which source wins).
  const base = ["from_default <- precedence/variables.tf:4", "from_tfvars <- precedence/terraform.tfvars:1", "auto_order <- precedence/b.auto.tfvars:1"];

  test("Terraform's precedence: default < terraform.tfvars < *.auto.tfvars in name order < --var-file, --var", () => {
    const dir = copy("precedence");
    expect(lint(dir)).toEqual([...base, "from_file <- precedence/b.auto.tfvars:2"]);
    // --var-file over *.auto.tfvars, the later --var-file over the earlier; a --var after them over both.
    expect(lint(dir, "--var-file", "precedence/env/one.tfvars", "--var-file", "precedence/env/two.tfvars", "--var", 'from_cli=["AAD", "SharedKey"]')).toEqual([...base, "from_cli"]);
    expect(lint(dir, "--var-file", "precedence/env/two.tfvars", "--var-file", "precedence/env/one.tfvars")).toEqual([...base, "files_order <- precedence/env/one.tfvars:2"]);
    // A --var over a variable's default.
    expect(lint(dir, "--var-file", "precedence/env/one.tfvars", "--var", 'from_default=["AAD"]')).toEqual([...base.slice(1), "files_order <- precedence/env/one.tfvars:2"]);
  });

  test("-var and -var-file are applied in the order given: a --var-file after a --var wins over it", () => {
    // terraform plan -var 'cli_then_file=["SharedKey"]' -var-file env/one.tfvars: one.tfvars' ["AAD"] is the value.
    const dir = copy("precedence");
    expect(lint(dir, "--var", 'cli_then_file=["SharedKey"]', "--var-file", "precedence/env/one.tfvars")).toEqual([...base, "files_order <- precedence/env/one.tfvars:2"]);
    // The other way round the --var wins.
    expect(lint(dir, "--var-file", "precedence/env/one.tfvars", "--var", 'cli_then_file=["SharedKey"]')).toEqual([...base, "files_order <- precedence/env/one.tfvars:2", "cli_then_file"]);
  });

  test("a --var-file that cannot be read, or a --var without '=', exits 2 naming it, before any output", () => {
    const dir = copy("precedence");
    expect(run(["precedence", "--var-file", "nope/missing.tfvars"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "batchlint: --var-file: cannot read 'nope/missing.tfvars': no such file\n" });
    expect(run(["precedence", "--var-file", "precedence/env/one.tfvars", "--var-file", "nope/missing.tfvars", "-f", "sarif"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "batchlint: --var-file: cannot read 'nope/missing.tfvars': no such file\n",
    });
    expect(run(["precedence", "--var", "novalue"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: "batchlint: --var expects NAME=VALUE, got 'novalue'\n" });
    // A --var-file with a syntax error: located in it.
    write(dir, "broken.tfvars", "from_default = [\n");
    const broken = run(["precedence", "--var-file", "broken.tfvars"], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/^broken\.tfvars:2:1: error Terraform syntax error: /m);
  });

  test("--jobs 2 (worker threads over 2,500 module directories, 5,000 files) gives the bytes of --jobs 1, with --var and --var-file", { timeout: 120_000 }, () => {
    expect(minFilesForWorkers(2)).toBeLessThanOrEqual(5001); // 2,500 main.tf, 2,500 terraform.tfvars and the --var-file: workers
    const dir = scratch();
    const main = (i: number) => `variable "modes" {
  type    = list(string)
  default = ["AAD"]
}

variable "token" {
  type    = string
  default = "AAD"
}

resource "azurerm_batch_account" "a${i}" {
  name                          = "acct${i}"
  resource_group_name           = "rg"
  location                      = "westeurope"
  allowed_authentication_modes  = concat(var.modes, [var.token])
  public_network_access_enabled = false
}
`;
    for (let i = 0; i < 2500; i++) {
      const m = `m${String(i).padStart(4, "0")}`;
      write(dir, `${m}/main.tf`, main(i));
      write(dir, `${m}/terraform.tfvars`, i % 3 === 0 ? 'modes = ["AAD", "SharedKey"]\n' : 'modes = ["AAD"]\n');
    }
    write(dir, "shared/token.tfvars", 'token = "TaskAuthenticationToken"\n');
    const lint = (jobs: string, ...args: string[]) => {
      const r = run([".", "-f", "sarif", "--jobs", jobs, ...args], { cwd: dir });
      return { status: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    const counts = (stdout: string) => {
      const c: Record<string, number> = {};
      for (const x of JSON.parse(stdout).runs[0].results as { ruleId: string }[]) c[x.ruleId] = (c[x.ruleId] ?? 0) + 1;
      return c;
    };
    const withFile = ["--var-file", "shared/token.tfvars"];
    const one = lint("1", ...withFile);
    const two = lint("2", ...withFile);
    expect(one.status, one.stderr).toBe(1);
    expect(two.status, two.stderr).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(counts(one.stdout)).toEqual({ BATCH001: 834, BATCH002: 2500 });
    // A --var after the --var-file overrides it, and every module's terraform.tfvars too.
    const withVar = [...withFile, "--var", "token=AAD", "--var", 'modes=["AAD"]'];
    const oneVar = lint("1", ...withVar);
    const twoVar = lint("2", ...withVar);
    expect(oneVar.status, oneVar.stderr).toBe(0);
    expect(twoVar.stdout).toBe(oneVar.stdout);
    expect(counts(oneVar.stdout)).toEqual({});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a sensitive variable's value, given by --var or a .tfvars, appears in no output format", () => {
    const dir = copy("sensitive");
    // key_id comes from sensitive/terraform.tfvars; mode and start_password from --var, or from a --var-file.
    write(dir, "secret.tfvars", 'mode           = "FILE-S3CRET-mode"\nstart_password = "FILE-S3CRET-pw"\n');
    const formats = ["stylish", "json", "sarif", "github", "markdown", "html", "compact", "junit"];
    for (const vars of [
      ["--var", "mode=CLI-S3CRET-mode", "--var", "start_password=CLI-S3CRET-pw"],
      ["--var-file", "secret.tfvars"],
    ]) {
      for (const f of formats) {
        const r = runAll(["sensitive", ...vars, "-f", f, "--verbose", "--report-unknown", "--summary"], dir);
        expect(r.code, `${f} ${vars[0]}: ${r.stderr}`).toBe(1);
        expect(r.stdout.length, f).toBeGreaterThan(100);
        expect(`${r.stdout}${r.stderr}`, `${f} ${vars[0]}`).not.toMatch(/S3CRET/);
      }
    }
    // The diff of --fix-dry-run and a report written to a file, with the sensitive value a fixable one.
    const dry = runAll(["sensitive", "--var", "mode=SharedKey", "--var", "start_password=CLI-S3CRET-pw", "--fix-dry-run=-", "-f", "sarif:out.sarif"], dir);
    expect(`${dry.stdout}${dry.stderr}${fs.readFileSync(path.join(dir, "out.sarif"), "utf8")}`).not.toMatch(/S3CRET/);
    // The findings are still there, their values redacted.
    const report = json(runAll(["sensitive", "--var", "mode=SharedKey", "--var", "start_password=CLI-S3CRET-pw", "-f", "json"], dir).stdout);
    const messages = report.findings.map((f) => `${f.ruleId} ${f.message}`);
    expect(messages).toContain('BATCH001 allowed_authentication_modes includes "<redacted>" (evaluates to ["TaskAuthenticationToken","<redacted>"]): shared key authentication is enabled.');
    expect(messages).toContain('BATCH011 encryption.key_vault_key_id "<redacted>" is not a Key Vault key URL (https://<vault>.vault.azure.net/keys/<name>[/<version>]).');
    expect(report.findings.find((f) => f.ruleId === "BATCH011")!.related.map((x) => `${x.file}:${x.line}:${x.column}`)).toEqual(["sensitive/terraform.tfvars:1:10"]);
  });

  test("a sensitive value of a plan (after_sensitive) appears in no output format", () => {
    const dir = copy("plan");
    expect(fs.readFileSync(path.join(dir, "plan/plan.json"), "utf8")).toContain("S3CRET");
    for (const f of ["stylish", "json", "sarif", "github", "markdown", "html", "compact", "junit"]) {
      const r = runAll(["plan/plan.json", "-f", f, "--verbose", "--report-unknown", "--summary"], dir);
      expect(r.code, `${f}: ${r.stderr}`).toBe(1);
      expect(`${r.stdout}${r.stderr}`, f).not.toMatch(/S3CRET/);
    }
  });
});

describe("--fix and --fix-dry-run on a .tf", () => {
  const before = fs.readFileSync(path.join(FIXTURES, "fix/main.tf"), "utf8");
  const literal = '  allowed_authentication_modes  = ["AAD", "SharedKey", "TaskAuthenticationToken"] # legacy clients\n';
  const fixed = '  allowed_authentication_modes  = ["AAD"] # legacy clients\n';

  test("--fix-dry-run prints the exact diff of the literal and writes nothing", () => {
    const dir = copy("fix");
    const r = run(["fix", "--fix-dry-run=-"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(
      r.stdout.startsWith(
        [
          "--- a/fix/main.tf",
          "+++ b/fix/main.tf",
          "@@ -3,7 +3,7 @@",
          '   name                          = "fixbatch"',
          '   resource_group_name           = "rg-batch"',
          '   location                      = "westeurope"',
          `-${literal}+${fixed}   public_network_access_enabled = false`,
          " ",
          "   tags = {",
          "fix/main.tf:6:43: error BATCH001 ",
        ].join("\n"),
      ),
    ).toBe(true);
    expect(r.stdout.match(/^(---|\+\+\+) /gm)).toHaveLength(2); // one file, one hunk
    expect(r.stdout.match(/^@@ /gm)).toHaveLength(1);
    // Without a file the diff goes to standard error, the report stays on standard output.
    const toStderr = run(["fix", "--fix-dry-run"], { cwd: dir });
    expect(toStderr.stderr).toBe(r.stdout.slice(0, r.stdout.indexOf("fix/main.tf:6:43")));
    expect(toStderr.stdout).toBe(r.stdout.slice(r.stdout.indexOf("fix/main.tf:6:43")));
    expect(fs.readFileSync(path.join(dir, "fix/main.tf"), "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(dir, "fix"))).toEqual(["main.tf"]);
  });

  test("--fix rewrites only the literal; the file re-lints without those findings; a value from a variable is left", () => {
    const dir = copy("fix");
    expect(before).toContain(literal);
    const r = run(["fix", "--fix"], { cwd: dir });
    expect(r.stderr).toBe("batchlint: fixed fix/main.tf (BATCH001, BATCH002)\n");
    expect(r.code).toBe(1); // the account whose modes come from a variable
    expect(fs.readFileSync(path.join(dir, "fix/main.tf"), "utf8")).toBe(before.replace(literal, fixed));
    expect(fs.readdirSync(path.join(dir, "fix"))).toEqual(["main.tf"]);
    const again = run(["fix", "-f", "json"], { cwd: dir });
    expect(json(again.stdout).findings.map(brief)).toEqual(["fix/main.tf:24:35 BATCH001 azurerm_batch_account.other <- fix/main.tf:17:13"]);
    // Fixing again changes nothing.
    const twice = run(["fix", "--fix"], { cwd: dir });
    expect(twice.stderr).toBe("");
    expect(fs.readFileSync(path.join(dir, "fix/main.tf"), "utf8")).toBe(before.replace(literal, fixed));
    // A file with CRLF line ends (a Windows checkout) keeps them.
    const crlf = (s: string) => s.replace(/\n/g, "\r\n");
    write(dir, "fix/main.tf", crlf(before));
    expect(run(["fix", "--fix"], { cwd: dir }).stderr).toBe("batchlint: fixed fix/main.tf (BATCH001, BATCH002)\n");
    expect(fs.readFileSync(path.join(dir, "fix/main.tf"), "utf8")).toBe(crlf(before.replace(literal, fixed)));
  });

  test("standard input named as a .tf (an editor's buffer): evaluated with that directory's module; --fix prints the fixed text", () => {
    const dir = copy("clean");
    const buffer = fs.readFileSync(path.join(dir, "clean/main.tf"), "utf8");
    // var.modes: the default in variables.tf allows SharedKey, terraform.tfvars beside it does not.
    expect(run(["-", "--stdin-filename", "clean/main.tf"], { cwd: dir, input: buffer })).toEqual({ code: 0, stdout: "", stderr: "" });
    const edited = buffer.replace("allowed_authentication_modes  = var.modes", 'allowed_authentication_modes  = ["AAD", "SharedKey"]');
    const r = run(["-", "--stdin-filename", "clean/main.tf"], { cwd: dir, input: edited });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^clean\/main\.tf:5:43: error BATCH001 allowed_authentication_modes includes "SharedKey": /m);
    const fixed = run(["-", "--stdin-filename", "clean/main.tf", "--fix"], { cwd: dir, input: edited });
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toBe(edited.replace('["AAD", "SharedKey"]', '["AAD"]'));
    expect(fixed.stderr).toContain("batchlint: fixed standard input (clean/main.tf), printed on standard output (BATCH001)");
    expect(fs.readFileSync(path.join(dir, "clean/main.tf"), "utf8")).toBe(buffer);
  });

  test("a .tfvars of the module whose name sorts before the .tf (common.auto.tfvars) does not take the fix away", () => {
    // The module is linted once per file of the directory; the .tf's own lint is the one that can edit it.
    for (const name of ["common.auto.tfvars", "x.auto.tfvars"]) {
      const dir = copy("fix");
      write(dir, `fix/${name}`, 'other_modes = ["AAD"]\n');
      const sarif = JSON.parse(run(["fix", "-f", "sarif"], { cwd: dir }).stdout);
      expect(
        sarif.runs[0].results.map((x: { ruleId: string; fixes?: unknown }) => `${x.ruleId} ${x.fixes ? "fix" : "no fix"}`),
        name,
      ).toEqual(["BATCH001 fix", "BATCH002 fix"]);
      const r = run(["fix", "--fix"], { cwd: dir });
      expect(r.stderr, name).toBe("batchlint: fixed fix/main.tf (BATCH001, BATCH002)\n");
      expect(r.code, name).toBe(0);
      expect(fs.readFileSync(path.join(dir, "fix/main.tf"), "utf8"), name).toBe(before.replace(literal, fixed));
    }
  });
});

describe("suppressions in .tf", () => {
  test("# and // (and /* */, disable-line) suppress with a reason; one without is BATCH990; an unused one BATCH991 with --report-unused-suppressions", () => {
    const dir = copy("suppress");
    const r = run(["suppress"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "suppress/main.tf:32:3: warning BATCH990 suppression of BATCH001 has no justification. [suppression-without-justification]",
        "  help: Add the reason: `// batchlint-disable-next-line BATCH001 -- reason`, a `justification` in the metadata entry, or a `justification` in the configuration entry.",
        "",
        "✖ 1 problem (0 errors, 1 warning) in 1 file",
        "  (not shown: 5 suppressed)",
        "",
      ].join("\n"),
    );
    const unused = run(["suppress", "--report-unused-suppressions"], { cwd: dir });
    expect(unused.stdout).toMatch(/^suppress\/main\.tf:23:3: warning BATCH991 suppression of BATCH002 is unused: no such finding here\. \[unused-suppression\]$/m);
    expect(unused.stdout).toMatch(/^✖ 2 problems \(0 errors, 2 warnings\) in 1 file$/m);
    expect(run(["suppress", "--report-unused-suppressions", "--max-warnings", "0"], { cwd: dir }).code).toBe(1);
    const report = json(run(["suppress", "-f", "json"], { cwd: dir }).stdout);
    expect(report.findings.filter((f) => f.suppression).map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.suppression!.source} ${f.suppression!.justification ?? "-"}`)).toEqual([
      "6:43 BATCH001 suppress/main.tf:5:3 batch-cli 1.x still signs with the key; ticket OPS-123",
      "15:43 BATCH001 suppress/main.tf:14:3 ticket OPS-124",
      "33:43 BATCH001 suppress/main.tf:32:3 -",
      "41:43 BATCH001 suppress/main.tf:41:56 ticket OPS-125",
      "50:43 BATCH001 suppress/main.tf:49:3 ticket OPS-126",
    ]);
    // Removing the `#` suppression brings its finding back.
    const text = fs.readFileSync(path.join(dir, "suppress/main.tf"), "utf8");
    write(dir, "suppress/main.tf", text.replace("  # batchlint-disable-next-line BATCH001 -- batch-cli 1.x still signs with the key; ticket OPS-123\n", ""));
    const back = run(["suppress"], { cwd: dir });
    expect(back.code).toBe(1);
    expect(back.stdout).toMatch(/^suppress\/main\.tf:5:43: error BATCH001 /m);
  });
});

describe("SARIF of a .tf run", () => {
  test("regions at the .tf lines, logical locations with the resource address, rule help with the Terraform section", () => {
    const dir = copy("bad", "module");
    const r = run(["bad", "module", "-f", "sarif"], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const results: {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[] = log.runs[0].results;
    expect(
      results.map((x) => {
        const l = x.locations[0]!;
        const rel = (x.relatedLocations ?? []).map((y) => ` <- ${y.physicalLocation.artifactLocation.uri}:${y.physicalLocation.region.startLine}`).join("");
        return `${x.ruleId} ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}:${l.physicalLocation.region.startColumn} ${l.logicalLocations[0]!.fullyQualifiedName}${rel}`;
      }),
    ).toEqual([
      "BATCH001 bad/main.tf:6:43 azurerm_batch_account.legacy",
      "BATCH002 module/main.tf:5:35 azurerm_batch_account.main <- module/terraform.tfvars:1",
      "BATCH004 module/main.tf:8:3 azurerm_batch_account.main <- module/main.tf:6 <- module/prod.auto.tfvars:2",
    ]);
    const rules: { id: string; help: { text: string; markdown: string } }[] = log.runs[0].tool.driver.rules;
    const b1 = rules.find((x) => x.id === "BATCH001")!;
    expect(b1.help.markdown).toContain('**How to fix in Terraform**: Set `allowed_authentication_modes = ["AAD"]` and move clients to Microsoft Entra ID authentication.');
    expect(b1.help.text).toContain('How to fix in Terraform: Set `allowed_authentication_modes = ["AAD"]`');
    for (const id of ["BATCH002", "BATCH004"]) expect(rules.find((x) => x.id === id)!.help.markdown, id).toContain("**How to fix in Terraform**: ");
  });
});

describe("plan JSON (terraform show -json) through the CLI", () => {
  test("findings name the resource address and point into the plan file; a deleted resource is not linted", () => {
    const dir = copy("plan");
    const r = run(["plan/plan.json", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.findings.map(brief)).toEqual(["plan/plan.json:199:13 BATCH001 azurerm_batch_account.main", 'plan/plan.json:327:13 BATCH002 module.batch["prod"].azurerm_batch_account.this[0]']);
    const lines = fs.readFileSync(path.join(dir, "plan/plan.json"), "utf8").split("\n");
    expect(lines[198]!.slice(12)).toBe('"SharedKey"');
    expect(lines[326]!.slice(12)).toBe('"TaskAuthenticationToken"');
    // Both in resource_changes[].change.after, not planned_values.
    expect(lines.slice(0, 198).some((l) => l.includes('"resource_changes"'))).toBe(true);
    // The SARIF result's logical location is the address.
    const sarif = JSON.parse(run(["plan/plan.json", "-f", "sarif"], { cwd: dir }).stdout);
    expect(sarif.runs[0].results.map((x: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => x.locations[0]!.logicalLocations[0]!.fullyQualifiedName)).toEqual([
      "azurerm_batch_account.main",
      'module.batch["prod"].azurerm_batch_account.this[0]',
    ]);
    // --verbose: the deleted resource is named as skipped; --report-unknown: the modes known only after apply.
    const verbose = run(["plan/plan.json", "--verbose", "--report-unknown"], { cwd: dir });
    expect(verbose.stdout).toContain("plan/plan.json: skipped azurerm_batch_account.gone: planned for deletion; not linted\n");
    expect(verbose.stdout).toMatch(/^plan\/plan\.json:298:43: unknown BATCH001 could not decide: .* is unknown \(known after apply\)$/m);
    expect(verbose.stdout).not.toMatch(/BATCH00[12] .*plangone|gone.*BATCH00[12]/);
  });

  test("a plan as terraform writes it (one line): line 1 at the value's column", () => {
    const dir = copy("plan");
    const text = JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, "plan/plan.json"), "utf8")));
    write(dir, "tfplan.json", text);
    const r = run(["tfplan.json", "-f", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const after = text.indexOf('"resource_changes"');
    const shared = text.indexOf('"SharedKey"', text.indexOf('"address":"azurerm_batch_account.main"', after));
    const token = text.indexOf('"TaskAuthenticationToken"', text.indexOf('"address":"module.batch[\\"prod\\"].azurerm_batch_account.this[0]"', after));
    expect(shared).toBeGreaterThan(after);
    expect(token).toBeGreaterThan(after);
    expect(json(r.stdout).findings.map(brief)).toEqual([`tfplan.json:1:${shared + 1} BATCH001 azurerm_batch_account.main`, `tfplan.json:1:${token + 1} BATCH002 module.batch["prod"].azurerm_batch_account.this[0]`]);
  });
});
