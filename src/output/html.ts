/**
 * A self-contained HTML audit report (inline CSS and script, no network): overview with pass/fail per account,
 * findings per rule as an SVG bar chart, a sortable and filterable findings table with rule docs, and per-account
 * details. Everything from the linted files is escaped: its control and bidi characters are shown as `\u202e` and
 * the like (escape.ts), so no text reorders or hides what the report says, then HTML-escaped.
 */
import { isActive, type Finding, type LintResult } from "../engine/findings.js";
import { audit, failedCount } from "./summary.js";
import { VERSION } from "../version.js";
import { type AnyRule, helpUri, remediationFor } from "./catalog.js";
import type { FormatContext } from "./types.js";
import { showText } from "./escape.js";

const SPECIAL = /[&<>"']/;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(s: unknown): string {
  const t = String(s);
  // Most texts (ids, paths, rule names) have nothing to escape: a test, no new string.
  return SPECIAL.test(t) ? t.replace(/[&<>"']/g, (c) => ENTITIES[c]!) : t;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#0b3d91;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 12px}h3{font-size:14px;margin:12px 0 4px}.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.error{color:#cf222e}.warning{color:#9a6700}.note{color:#0969da}.pass{color:#1a7f37}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f6f8fa;position:sticky;top:0}th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}input[type=search]{width:100%;max-width:480px;padding:6px 8px;border:1px solid #d0d7de;border-radius:6px}
select{padding:6px;border:1px solid #d0d7de;border-radius:6px;margin-left:8px}details{margin:4px 0}summary{cursor:pointer}a.fix{white-space:nowrap}.pager button{padding:4px 10px;margin:0 4px}.fix-text{margin:4px 0 0}.muted{color:#57606a}
code.loc{word-break:normal;overflow-wrap:normal}code.loc span{white-space:nowrap}
svg text{font:12px system-ui,sans-serif}`;

/** Rows per page of each table (the first page is written as HTML, the others are made from the page's data). */
export const PAGE_ROWS = 500;

const SCRIPT = `
(function(){
  var PAGE=${PAGE_ROWS},RANK={error:3,warning:2,note:1};
  function el(tag,cls,txt){var e=document.createElement(tag);if(cls)e.className=cls;if(txt!==undefined)e.textContent=txt;return e;}
  function data(id){return JSON.parse(document.getElementById(id).textContent);}
  // A location as locationHtml writes it: each path segment unbreakable, a break allowed only after a '/'.
  function loc(p){var c=el('code','loc'),parts=p.split('/');parts.forEach(function(s,i){c.append(el('span','',i<parts.length-1?s+'/':s));if(i<parts.length-1)c.append(el('wbr'));});return c;}
  /**
   * A table that shows one page of its rows, made from the page's data: 'view' lists the rows that pass its filter,
   * in order (making only a page of rows keeps a table of 10,000 quick to sort and filter). The first page is in
   * the HTML already, readable without JavaScript; ids with 'prefix' name its Previous and Next buttons.
   */
  function Paged(table,rows,make,prefix,noun,count){
    var t={view:rows.map(function(_,i){return i;}),page:0},prev=document.getElementById(prefix+'prev'),next=document.getElementById(prefix+'next'),info=document.getElementById(prefix+'page');
    t.show=function(){var from=t.page*PAGE,to=Math.min(t.view.length,from+PAGE);count.textContent=t.view.length;
      if(info){info.textContent=t.view.length?noun+' '+(from+1)+'-'+to+' of '+t.view.length:'no '+noun;prev.disabled=t.page===0;next.disabled=to>=t.view.length;}return [from,to];};
    t.render=function(){var r=t.show(),frag=document.createDocumentFragment();for(var i=r[0];i<r[1];i++)frag.appendChild(make(rows[t.view[i]]));table.tBodies[0].replaceChildren(frag);};
    t.set=function(view){t.view=view;t.page=0;t.render();};
    if(prev){prev.addEventListener('click',function(){t.page--;t.render();table.scrollIntoView();});next.addEventListener('click',function(){t.page++;t.render();table.scrollIntoView();});}
    return t;}
  // Findings: filtered by text and severity, sorted by the column clicked.
  var table=document.getElementById('findings'),body=table.tBodies[0],filter=document.getElementById('filter'),sev=document.getElementById('severity');
  var rows=data('findings-data'),order=null,texts=null,coll=new Intl.Collator();
  function text(i){texts=texts||rows.map(function(f){return (f[0]+' '+f[1]+' '+f[2]+' '+f[3]+' '+f[4]+' '+f[5]).toLowerCase();});return texts[i];}
  function row(f){var tr=el('tr'),sv=el('td',f[0],f[0]),rule=el('td'),msg=el('td'),code=el('td');tr.setAttribute('data-severity',f[0]);sv.setAttribute('data-sort',RANK[f[0]]);
    rule.append(el('b','',f[1]),el('br'),el('span','muted',f[2]));msg.append(f[3]);
    if(f[6]){var a=el('a','fix','How to fix');a.setAttribute('href','#rule-'+f[1]);msg.append(' ',a);}
    code.append(loc(f[5]));tr.append(sv,rule,msg,el('td','',f[4]),code);return tr;}
  var findings=Paged(table,rows,row,'','rows',document.getElementById('shown'));
  function key(i,c){var f=rows[i];return c===0?RANK[f[0]]:c===1?f[1]:c===2?f[3]:c===3?f[4]:f[5];}
  function sorted(view){if(order){var c=order.col,d=order.dir==='asc'?1:-1;view.sort(function(a,b){var x=key(a,c),y=key(b,c);return d*(c===0?x-y:coll.compare(x,y));});}return view;}
  function apply(){var q=filter.value.toLowerCase(),s=sev.value,view=[];for(var i=0;i<rows.length;i++)if((!s||rows[i][0]===s)&&(!q||text(i).indexOf(q)>=0))view.push(i);findings.set(sorted(view));}
  filter.addEventListener('input',apply);sev.addEventListener('change',apply);
  var ths=table.tHead.rows[0].cells;
  for(var c=0;c<ths.length;c++)(function(i){ths[i].addEventListener('click',function(){var dir=this.getAttribute('data-dir')==='asc'?'desc':'asc';for(var k=0;k<ths.length;k++)ths[k].removeAttribute('data-dir');this.setAttribute('data-dir',dir);
    order={col:i,dir:dir};findings.set(sorted(findings.view));});})(c);
  // A filter the browser restored is applied.
  if(filter.value||sev.value)apply();else findings.show();
  // Accounts: filtered by name, id or status.
  var accts=data('accounts-data'),acctFilter=document.getElementById('acct-filter');
  function acctRow(a){var tr=el('tr'),st=el('td'),name=el('td'),d=el('details'),ul=el('ul'),n=el('td','',String(a[4]));tr.setAttribute('data-account',a[2]);st.append(el('span',a[0],a[1]));
    if(a[5]>=0)ul.setAttribute('data-i',a[5]);else ul.append(el('li','','No findings.'));d.append(el('summary','',a[2]),el('p','muted',a[3]),ul);name.append(d);n.setAttribute('data-sort',a[4]);tr.append(st,name,n);return tr;}
  var accounts=Paged(document.getElementById('accounts-table'),accts,acctRow,'acct-','accounts',document.getElementById('acct-shown'));
  function acctApply(){var q=acctFilter.value.toLowerCase(),view=[];for(var i=0;i<accts.length;i++){var a=accts[i];if(!q||(a[2]+' '+a[3]+' '+a[1]).toLowerCase().indexOf(q)>=0)view.push(i);}accounts.set(view);}
  acctFilter.addEventListener('input',acctApply);if(acctFilter.value)acctApply();
  // An account's findings, made when its details are first opened (text only: nothing is read as HTML).
  var lists;
  document.addEventListener('toggle',function(e){var d=e.target;if(!d.open||!d.querySelector)return;var ul=d.querySelector('ul[data-i]');if(!ul||ul.getAttribute('data-filled'))return;ul.setAttribute('data-filled','1');
    lists=lists||data('account-findings');
    lists[Number(ul.getAttribute('data-i'))].forEach(function(f){var li=el('li');li.append(el('span',f[0],f[0]),' ',el('b','',f[1]),' '+f[2]+' ',loc(f[3]));ul.appendChild(li);});},true);
  // A finding's "How to fix" links to its rule's text, written once in the rules section; a click shows it in the
  // row instead, and hides it again (written into every row, it made a report of 10,000 rows twice as slow to open).
  body.addEventListener('click',function(e){var a=e.target.closest?e.target.closest('a.fix'):null;if(!a)return;var src=document.getElementById(a.getAttribute('href').slice(1));if(!src)return;e.preventDefault();
    var open=a.nextElementSibling;if(open&&open.classList.contains('fix-text'))open.remove();else a.after(src.querySelector('.fix-text').cloneNode(true));});
})();`;

/**
 * Rows per table. An audit of a million accounts would not open (and its page would pass the longest string V8
 * can build). Tables show PAGE_ROWS at a time: in headless Chromium on 2 cores a report listing 10,000 findings
 * and 10,000 accounts (14 MB) opens in about 0.6 s (written as 20,000 rows, it took 5 s, and each sort
 * 1.4-3.7 s). The overview, the chart and the counts cover everything; the tables show findings of every rule
 * (listedFindings) and the accounts with the most findings, and say so.
 */
export const MAX_ROWS = 10_000;

const SEVERITY_RANK = { error: 3, warning: 2, note: 1 } as const;

/**
 * The findings the table lists when there are more than `max`: the same number of each rule (the most that fits,
 * `perRule`), so that every rule with findings is in the table and a filter by rule finds some of its findings,
 * however many more findings other rules have; errors first, then warnings, then notes, each in the order given.
 * With more rules than rows, one finding of each of the most severe rules.
 */
export function listedFindings(findings: readonly Finding[], max: number): { listed: Finding[]; perRule: number } {
  if (findings.length <= max) return { listed: [...findings], perRule: Infinity };
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  // The largest share k with the sum over rules of min(count, k) within max (binary search: the sum grows with k).
  const fits = (k: number) => {
    let n = 0;
    for (const c of counts.values()) n += Math.min(c, k);
    return n <= max;
  };
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const quota = new Map<string, number>();
  if (lo > 0) for (const id of counts.keys()) quota.set(id, lo);
  else {
    // More rules than rows: the most severe rules first (then by id), one finding each.
    const worst = new Map<string, number>();
    for (const f of findings) worst.set(f.ruleId, Math.max(worst.get(f.ruleId) ?? 0, SEVERITY_RANK[f.severity]));
    const ids = [...worst].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max);
    for (const [id] of ids) quota.set(id, 1);
  }
  const listed: Finding[] = [];
  for (const f of findings) {
    const q = quota.get(f.ruleId) ?? 0;
    if (q > 0) {
      quota.set(f.ruleId, q - 1);
      listed.push(f);
    }
  }
  // A stable sort: the order given within each severity.
  listed.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return { listed, perRule: Math.max(lo, 1) };
}

/** Where a finding is, as the tables show it. */
function location(f: Finding): string {
  return `${showText(f.file)}:${f.region.startLine}:${f.region.startColumn}`;
}

/**
 * A location as HTML: a long path wraps only after a '/' (a <wbr> there, each segment kept whole), never inside a
 * file or folder name, as the old `word-break: break-all` did. The page script's `loc` builds the same elements.
 */
export function locationHtml(where: string): string {
  const parts = where.split("/");
  return `<code class="loc">${parts.map((p, i) => (i < parts.length - 1 ? `<span>${esc(p)}/</span><wbr>` : `<span>${esc(p)}</span>`)).join("")}</code>`;
}

/** A findings table row as the page's data: severity, rule id and name, message, resource, location, 1 when the rule has docs here. */
type FindingRow = [Finding["severity"], string, string, string, string, string, 0 | 1];
/** An accounts table row as the page's data: status class and text, label, id or file, findings, its findings' list (-1: none). */
type AccountRow = [string, string, string, string, number, number];

/** The HTML of a row the page's script makes from the same data (SCRIPT: `row`). */
function findingRowHtml([severity, ruleId, ruleName, message, label, where, docs]: FindingRow): string {
  return `<tr data-severity="${severity}"><td class="${severity}" data-sort="${SEVERITY_RANK[severity]}">${severity}</td><td><b>${esc(ruleId)}</b><br><span class="muted">${esc(ruleName)}</span></td><td>${esc(message)}${docs ? ` <a class="fix" href="#rule-${esc(ruleId)}">How to fix</a>` : ""}</td><td>${esc(label)}</td><td>${locationHtml(where)}</td></tr>`;
}

/** The HTML of a row the page's script makes from the same data (SCRIPT: `acctRow`). */
function accountRowHtml([cls, text, label, id, count, list]: AccountRow): string {
  return `<tr data-account="${esc(label)}"><td><span class="${cls}">${text}</span></td><td><details><summary>${esc(label)}</summary><p class="muted">${esc(id)}</p>${list < 0 ? "<ul><li>No findings.</li></ul>" : `<ul data-i="${list}"></ul>`}</details></td><td data-sort="${count}">${count}</td></tr>`;
}

/** Previous / Next for a table of more than a page (ids `${prefix}prev`, `${prefix}page`, `${prefix}next`, as SCRIPT's `Paged` reads them). */
function pagerHtml(prefix: string, noun: string, total: number): string {
  if (total <= PAGE_ROWS) return "";
  return `<p class="pager"><button type="button" id="${prefix}prev" disabled>Previous</button> <span id="${prefix}page">${noun} 1-${PAGE_ROWS} of ${total}</span> <button type="button" id="${prefix}next">Next</button></p><noscript><p class="muted">Without JavaScript, the first ${PAGE_ROWS} ${noun}.</p></noscript>`;
}

/** JSON for a script element of the page: "<" escaped, so that no text of a finding can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** A built-in rule's documentation page (catalog.ts helpUri); plugin rules have none. */
function ruleLink(rule: AnyRule): string {
  const uri = helpUri(rule);
  return uri ? `<p><a class="doc" href="${esc(uri)}" rel="noopener noreferrer">Rule documentation</a></p>` : "";
}

export function html(result: LintResult, ctx: FormatContext, maxRows = MAX_ROWS): string {
  const { summary: s, accounts } = audit(result, true);
  const active = result.findings.filter(isActive);
  const rulesById = new Map(ctx.rules.map((r) => [r.meta.id, r]));

  // Chart: findings per rule, horizontal SVG bars.
  const max = Math.max(1, ...s.byRule.map((r) => r.count));
  const barH = 22;
  const chart = `<svg id="chart" role="img" aria-label="Findings per rule" width="820" height="${s.byRule.length * barH + 10}" viewBox="0 0 820 ${s.byRule.length * barH + 10}">${s.byRule
    .map((r, i) => {
      const w = Math.max(2, Math.round((r.count / max) * 440));
      const sev = rulesById.get(r.ruleId)?.meta.severity ?? "warning";
      const color = sev === "error" ? "#cf222e" : sev === "warning" ? "#bf8700" : "#0969da";
      return `<g class="bar" transform="translate(0,${i * barH})"><text x="0" y="15">${esc(`${r.ruleId} ${r.ruleName}`)}</text><rect x="320" y="3" width="${w}" height="16" fill="${color}"><title>${esc(`${r.ruleId}: ${r.count}`)}</title></rect><text x="${326 + w}" y="15">${r.count}</text></g>`;
    })
    .join("")}</svg>`;

  // Accounts: pass / fail.
  const accountList = accounts.sort((a, b) => b.findings.length - a.findings.length || (a.label < b.label ? -1 : 1));
  const shownAccounts = accountList.slice(0, maxRows);
  // An account's findings are listed when its details are opened, from one JSON block (see SCRIPT): written as
  // elements, the lists of 10,000 accounts made the page a third slower to open.
  const accountFindings: [string, string, string, string][][] = [];
  // Like the findings table, pages of accounts: every account as data, the first page also as rows.
  const accountPages: AccountRow[] = shownAccounts.map((a) => {
    const worst = a.findings.reduce((w, f) => Math.max(w, SEVERITY_RANK[f.severity]), 0);
    const [cls, text] = a.findings.length === 0 ? ["pass", "pass"] : [worst === 3 ? "error" : worst === 2 ? "warning" : "note", "fail"];
    let list = -1;
    if (a.findings.length) {
      list = accountFindings.length;
      accountFindings.push(a.findings.map((f) => [f.severity, f.ruleId, showText(f.message), location(f)]));
    }
    return [cls, text, showText(a.label), showText(a.id ?? a.file), a.findings.length, list];
  });
  const accountRows = accountPages.slice(0, PAGE_ROWS).map(accountRowHtml).join("");
  const accountData = `<script type="application/json" id="account-findings">${jsonForScript(accountFindings)}</script><script type="application/json" id="accounts-data">${jsonForScript(accountPages)}</script>`;

  const { listed: shownFindings, perRule } = listedFindings(active, maxRows);
  const truncated = shownFindings.length < active.length;
  // Every listed finding as data for the page's script; the first page also as rows, readable without it.
  const findingData: FindingRow[] = shownFindings.map((f) => [f.severity, f.ruleId, f.ruleName, showText(f.message), showText(f.resource.label), location(f), rulesById.has(f.ruleId) ? 1 : 0]);
  const findingsData = `<script type="application/json" id="findings-data">${jsonForScript(findingData)}</script>`;
  const findingRows = findingData.slice(0, PAGE_ROWS).map(findingRowHtml).join("");
  // Each rule the table names, once: its title, remediation and rationale (what a row's "How to fix" shows).
  const listedRules = [...new Set(shownFindings.map((f) => f.ruleId))].sort().flatMap((id) => {
    const rule = rulesById.get(id);
    return rule ? [rule] : [];
  });
  // A rule with findings in Bicep (Terraform): its remediation in Bicep (Terraform) too, when that differs (catalog.ts remediationFor).
  const inBicep = new Set(shownFindings.filter((f) => f.syntax === "bicep").map((f) => f.ruleId));
  const inTerraform = new Map(shownFindings.filter((f) => f.syntax === "terraform").map((f) => [f.ruleId, f]));
  const bicepFix = (r: AnyRule) => {
    const b = inBicep.has(r.meta.id) ? remediationFor(r, "bicep") : r.meta.docs.remediation;
    const tf = inTerraform.get(r.meta.id);
    const t = tf ? remediationFor(r, "terraform", tf) : r.meta.docs.remediation;
    return (b === r.meta.docs.remediation ? "" : `<p>In Bicep: ${esc(b)}</p>`) + (t === r.meta.docs.remediation ? "" : `<p>In Terraform: ${esc(t)}</p>`);
  };
  const rulesSection = listedRules.length
    ? `<section id="rules"><h2>Rules</h2>${listedRules.map((r) => `<div class="rule" id="rule-${esc(r.meta.id)}"><h3>${esc(r.meta.id)} ${esc(r.meta.name)}: ${esc(r.meta.title)}</h3>${ruleLink(r)}<div class="fix-text"><p>${esc(r.meta.docs.remediation)}</p>${bicepFix(r)}<p class="muted">${esc(r.meta.docs.rationale)}</p></div></div>`).join("")}</section>`
    : "";

  const errorsSection = result.errors.length
    ? `<section id="errors"><h2>Files that could not be linted (${esc(failedCount(result))})</h2><ul>${result.errors.map((e) => `<li><code>${esc(`${showText(e.file)}:${e.line}:${e.column}`)}</code> ${esc(showText(e.message))}</li>`).join("")}</ul></section>`
    : "";

  const notices = result.notes.filter((n) => n.kind === "notice");
  const noticesSection = notices.length
    ? `<section id="notices"><h2>Batch content not linted (${notices.length})</h2><ul>${notices.map((n) => `<li><code>${esc(n.line ? `${showText(n.file)}:${n.line}:${n.column}` : showText(n.file))}</code> ${esc(showText(n.message))}</li>`).join("")}</ul></section>`
    : "";

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>batchlint report</title><style>${CSS}</style></head>
<body><header><h1>batchlint audit report</h1><p>${s.files} files, ${s.resources} resources checked with ${ctx.rules.length} rules (batchlint ${esc(VERSION)})</p></header>
<main>
<section id="overview"><h2>Overview</h2><div class="cards">
<div class="card"><b>${s.accounts.total}</b>Batch accounts</div><div class="card"><b class="pass">${s.accounts.passing}</b>pass every rule</div><div class="card"><b class="error">${s.accounts.failing}</b>with findings</div>
<div class="card"><b class="error">${s.bySeverity.error}</b>errors</div><div class="card"><b class="warning">${s.bySeverity.warning}</b>warnings</div><div class="card"><b class="note">${s.bySeverity.note}</b>notes</div>
</div></section>
<section><h2>Findings per rule</h2>${s.byRule.length ? chart : "<p>No findings.</p>"}</section>
<section id="accounts"><h2>Accounts (<span id="acct-shown">${shownAccounts.length}</span>)</h2>${accountList.length > maxRows ? `<p class="muted" id="accounts-truncated">The ${maxRows} accounts with the most findings of ${accountList.length}; the counts above cover all of them.</p>` : ""}
<p><input id="acct-filter" type="search" placeholder="Filter accounts by name, id or status"></p>${pagerHtml("acct-", "accounts", shownAccounts.length)}<table id="accounts-table"><thead><tr><th>Status</th><th>Account</th><th>Findings</th></tr></thead><tbody>${accountRows}</tbody></table>${accountData}</section>
<section><h2>Findings (<span id="shown">${shownFindings.length}</span> of ${truncated ? `${shownFindings.length} listed, ${active.length} in all` : active.length})</h2>${truncated ? `<p class="muted" id="findings-truncated">The table lists ${shownFindings.length} of the ${active.length} findings: at most ${perRule} of each rule, so that every rule is in it, errors first; the chart, <code>-f json</code> and <code>--summary</code> cover all of them.</p>` : ""}
<p><input id="filter" type="search" placeholder="Filter by rule, message, account or file"><select id="severity"><option value="">all severities</option><option value="error">errors</option><option value="warning">warnings</option><option value="note">notes</option></select></p>${pagerHtml("", "rows", shownFindings.length)}
<table id="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Resource</th><th>Location</th></tr></thead><tbody>${findingRows}</tbody></table>${findingsData}</section>
${rulesSection}
${errorsSection}
${noticesSection}
</main><script>${SCRIPT}</script></body></html>
`;
}
