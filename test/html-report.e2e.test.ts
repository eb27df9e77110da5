/**
 * The HTML audit report in real headless Chromium (Debian's package, driven by playwright-core): it renders, the
 * chart is present, filtering and sorting work, and a screenshot is taken. .ci/run installs chromium; without it
 * (a developer machine) the test is skipped, never in CI.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { chromium } from "playwright-core";
import { rules } from "../rules/index.js";
import { lintPaths } from "../src/pipeline/run.js";
import type { LintResult } from "../src/engine/findings.js";
import { html, PAGE_ROWS } from "../src/output/html.js";
import { audit } from "../src/output/summary.js";
import { repoRoot } from "./helpers.js";

const executablePath = "/usr/bin/chromium";
const hasChromium = fs.existsSync(executablePath);
if (!hasChromium && process.env.CI) throw new Error("chromium is not installed; .ci/run installs it (apt-get install chromium)");

/** The audit and corpus fixtures, linted: accounts of every export shape, and templates. */
const lintFixtures = () => lintPaths(["fixtures/audit", "fixtures/corpus"], { rules, cwd: repoRoot, base: repoRoot });

/** The report of `result`, written to a scratch directory: the directory and the file. */
function writeReport(result: LintResult): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-html-"));
  const file = path.join(dir, "report.html");
  fs.writeFileSync(file, html(result, { rules, base: repoRoot, color: false }));
  return { dir, file };
}

const launch = () =>
  chromium.launch({
    executablePath,
    headless: true, // playwright-core starts it with a new, empty profile
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

describe.skipIf(!hasChromium)("HTML report in headless Chromium", () => {
  test("renders with chart, filters and sorts", { timeout: 120_000 }, async () => {
    const result = await lintFixtures();
    const { dir, file } = writeReport(result);
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${file}`);
      expect(await page.title()).toBe("batchlint report");
      expect(await page.locator("#chart .bar").count()).toBe(new Set(result.findings.map((f) => f.ruleId)).size);
      const rows = page.locator("#findings tbody tr");
      const total = await rows.count();
      expect(total).toBe(result.findings.length);
      expect(await page.locator("#accounts tbody tr").count()).toBeGreaterThan(10);
      // An account's details list its findings once opened (made then, from the page's JSON block).
      const account = page.locator("#accounts tbody tr").first();
      const count = Number(await account.locator("td:nth-child(3)").textContent());
      expect(count).toBeGreaterThan(0);
      expect(await account.locator("li").count()).toBe(0);
      await account.locator("summary").click();
      // The list is made by the details element's toggle event, which fires after the click returns: wait for it.
      await expect.poll(() => account.locator("li").count()).toBe(count);
      const texts = new Set(result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message} ${f.file}:${f.region.startLine}:${f.region.startColumn}`));
      for (const li of await account.locator("li").allTextContents()) expect(texts).toContain(li);
      await account.locator("summary").click();
      await account.locator("summary").click(); // opened again: listed once
      expect(await account.locator("li").count()).toBe(count);
      // The accounts filter: by name, id or status, over every listed account.
      const accountRows = page.locator("#accounts tbody tr");
      const all = await accountRows.count();
      expect(await page.locator("#acct-shown").textContent()).toBe(String(all));
      const label = (await account.getAttribute("data-account"))!;
      await page.fill("#acct-filter", label);
      const named = await accountRows.count();
      expect(named).toBeGreaterThanOrEqual(1);
      expect(named).toBeLessThan(all);
      for (const l of await accountRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-account")!))) expect(l.toLowerCase()).toContain(label.toLowerCase());
      expect(await page.locator("#acct-shown").textContent()).toBe(String(named));
      await page.fill("#acct-filter", "");
      const passing = await page.locator("#accounts tbody tr .pass").count();
      expect(passing).toBeGreaterThan(0);
      await page.fill("#acct-filter", "pass");
      expect(await page.locator("#accounts tbody tr .pass").count()).toBe(passing); // every passing account, and
      for (const t of await accountRows.allTextContents()) expect(t.toLowerCase()).toContain("pass"); // only rows that say "pass"
      await page.fill("#acct-filter", "");
      expect(await accountRows.count()).toBe(all);

      await page.fill("#filter", "BATCH106");
      const visible = await page.locator("#findings tbody tr:not([hidden])").count();
      expect(visible).toBe(result.findings.filter((f) => f.ruleId === "BATCH106").length);
      expect(await page.locator("#shown").textContent()).toBe(String(visible));
      await page.fill("#filter", "");
      await page.selectOption("#severity", "note");
      expect(await page.locator("#findings tbody tr:not([hidden])").count()).toBe(result.findings.filter((f) => f.severity === "note").length);
      await page.selectOption("#severity", "");

      await page.click("#findings thead th:nth-child(1)"); // severity ascending: notes first
      expect(await rows.first().getAttribute("data-severity")).toBe("note");
      await page.click("#findings thead th:nth-child(1)");
      expect(await rows.first().getAttribute("data-severity")).toBe("error");

      // "How to fix" shows its rule's remediation in the row (written once, in the rules section), and hides it again.
      const first = rows.first();
      const ruleId = (await first.locator("td:nth-child(2) b").textContent())!;
      const remediation = rules.find((r) => r.meta.id === ruleId)!.meta.docs.remediation;
      expect(await page.locator(`#rules #rule-${ruleId}`).count()).toBe(1);
      expect(await first.textContent()).not.toContain(remediation);
      await first.locator("a.fix").click();
      expect(await first.locator(".fix-text").textContent()).toContain(remediation);
      expect(page.url()).not.toContain("#rule-"); // shown in place, no jump
      await first.locator("a.fix").click();
      expect(await first.locator(".fix-text").count()).toBe(0);

      await page.evaluate("window.scrollTo(0, 0)");
      const png = path.join(dir, "report.png");
      await page.screenshot({ path: png, fullPage: false });
      const buf = fs.readFileSync(png);
      expect(buf.subarray(1, 4).toString()).toBe("PNG");
      expect(buf.length).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]); // self-contained: no network
      if (process.env.BATCHLINT_KEEP_SCREENSHOT) fs.copyFileSync(png, process.env.BATCHLINT_KEEP_SCREENSHOT);
    } finally {
      await browser.close();
    }
  });

  test("a findings table longer than a page: pages, filters and sorts over every listed finding", { timeout: 120_000 }, async () => {
    const result = await lintFixtures();
    // Copies of the findings and accounts under other file names and ids, so that both tables hold more than a page.
    const checked = result.checkedResources!;
    const copies = Math.ceil((PAGE_ROWS + 100) / Math.min(result.findings.length, audit(result).summary.accounts.total));
    const copy = (k: number, file: string) => `copy${k}/${file}`;
    const copyId = (k: number, id: string | undefined) => (id === undefined ? id : `${id}-copy${k}`);
    const findings = Array.from({ length: copies }, (_, k) =>
      result.findings.map((f) => ({ ...f, file: copy(k, f.file), resource: { ...f.resource, file: f.resource.file && copy(k, f.resource.file), id: copyId(k, f.resource.id) } })),
    ).flat();
    const checkedResources = Array.from({ length: copies }, (_, k) => checked.map((r) => ({ ...r, file: copy(k, r.file), id: copyId(k, r.id) }))).flat();
    const total = findings.length;
    const { file } = writeReport({ ...result, findings, checkedResources });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${file}`);
      const rows = page.locator("#findings tbody tr");
      expect(await rows.count()).toBe(PAGE_ROWS);
      expect(await page.locator("#shown").textContent()).toBe(String(total));
      expect(await page.locator("#page").textContent()).toBe(`rows 1-${PAGE_ROWS} of ${total}`);
      expect(await page.locator("#prev").isDisabled()).toBe(true);

      // The rows the script makes are the rows the page was written with.
      const written = await page.locator("#findings tbody").innerHTML();
      await page.fill("#filter", "copy");
      await page.fill("#filter", "");
      expect(await page.locator("#findings tbody").innerHTML()).toBe(written);

      await page.click("#next");
      const end = Math.min(total, 2 * PAGE_ROWS);
      expect(await rows.count()).toBe(end - PAGE_ROWS);
      expect(await page.locator("#page").textContent()).toBe(`rows ${PAGE_ROWS + 1}-${end} of ${total}`);
      expect(await page.locator("#prev").isDisabled()).toBe(false);
      const lastShown = findings[end - 1]!;
      expect(await rows.last().locator("code").textContent()).toBe(`${lastShown.file}:${lastShown.region.startLine}:${lastShown.region.startColumn}`);
      /** Next until the last page. */
      const toLastPage = async () => {
        while (!(await page.locator("#next").isDisabled())) await page.click("#next");
      };
      await toLastPage();
      expect(await page.locator("#page").textContent()).toMatch(new RegExp(`-${total} of ${total}$`));

      // A filter covers every listed finding, not only the page shown, and starts again at the first page.
      await page.fill("#filter", "BATCH106");
      const matches = findings.filter((f) => f.ruleId === "BATCH106" || f.message.includes("BATCH106")).length;
      expect(matches).toBeGreaterThan(0);
      expect(await page.locator("#shown").textContent()).toBe(String(matches));
      expect(await rows.count()).toBe(Math.min(matches, PAGE_ROWS));
      await page.fill("#filter", "");
      await page.selectOption("#severity", "note");
      expect(await page.locator("#shown").textContent()).toBe(String(findings.filter((f) => f.severity === "note").length));
      await page.selectOption("#severity", "");

      // Sorting orders every listed finding: notes first ascending, errors first descending, on every page.
      await page.click("#findings thead th:nth-child(1)");
      expect(await rows.first().getAttribute("data-severity")).toBe("note");
      await page.click("#findings thead th:nth-child(1)");
      expect(await rows.first().getAttribute("data-severity")).toBe("error");
      await toLastPage();
      const last = findings.filter((f) => f.severity === "note").length > 0 ? "note" : "warning";
      expect(await rows.last().getAttribute("data-severity")).toBe(last);
      // "How to fix" works in rows the script made.
      await rows.first().locator("a.fix").click();
      expect(await rows.first().locator(".fix-text").count()).toBe(1);

      // Accounts page the same way; the rows the script makes are the rows written, and their details open.
      const accounts = page.locator("#accounts-table tbody tr");
      const accountCount = Number((await page.locator("#acct-page").textContent())!.split(" of ")[1]);
      expect(accountCount).toBeGreaterThan(PAGE_ROWS);
      expect(await accounts.count()).toBe(PAGE_ROWS);
      const firstPage = await page.locator("#accounts-table tbody").innerHTML();
      await page.click("#acct-next");
      expect(await page.locator("#acct-page").textContent()).toBe(`accounts ${PAGE_ROWS + 1}-${Math.min(accountCount, 2 * PAGE_ROWS)} of ${accountCount}`);
      expect(await accounts.count()).toBe(Math.min(accountCount, 2 * PAGE_ROWS) - PAGE_ROWS);
      const withFindings = accounts.filter({ has: page.locator("ul[data-i]") }).first();
      if ((await withFindings.count()) > 0) {
        const n = Number(await withFindings.locator("td:nth-child(3)").textContent());
        await withFindings.locator("summary").click();
        expect(await withFindings.locator("li").count()).toBe(n);
      }
      await page.click("#acct-prev");
      expect(await page.locator("#accounts-table tbody").innerHTML()).toBe(firstPage);
      // Filtering accounts starts again at the first page and pages what passes.
      await page.fill("#acct-filter", "copy1/");
      const passes = Number(await page.locator("#acct-shown").textContent());
      expect(passes).toBeGreaterThan(0);
      expect(passes).toBeLessThan(accountCount);
      expect(await page.locator("#acct-page").textContent()).toBe(`accounts 1-${Math.min(passes, PAGE_ROWS)} of ${passes}`);
      await page.fill("#acct-filter", "");
      expect(await page.locator("#accounts-table tbody").innerHTML()).toBe(firstPage);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
