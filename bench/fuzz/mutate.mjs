/**
 * Mutated inputs from real seeds. An input is a plan, { index, seed, ops, container }: a seed file, a list of
 * mutations each with its own random seed, and how the result is stored (JSON, JSONC, gzip, NDJSON, a pair with
 * a parameters file, an odd file name). `plan` draws it from (run seed, index) alone, so any input can be made
 * again by its number; `build` turns a plan into files, and can be given a plan with some operations left out
 * (that is how failures are minimised).
 *
 * Tree operations edit the JSON structure (keys, values, types, ARM expressions, copy loops, variables and
 * user-defined functions, nesting, duplicate keys); byte operations then edit the text (BOMs, truncation,
 * invalid UTF-8, comments, control bytes).
 */
import zlib from "node:zlib";
import { mix, Rng } from "./rng.mjs";
import { clone, fromValue, member, nodes, parseTree, print, replaceAt, setMember } from "./tree.mjs";

// ---------------------------------------------------------------- building blocks

/** Strings that try to break out of a report: workflow and logging commands, ANSI and OSC escapes, bidi, markup. */
export const HOSTILE = [
  "x\n::stop-commands::pwn\n##vso[task.setvariable variable=SKIP]true\n",
  "\n::error file=a.json,line=1::forged",
  "  ::warning::indented command",
  "\r::notice::carriage return",
  "##[error]v1 command",
  "##vso[task.complete result=Succeeded;]done",
  "a\r\n##vso[build.addbuildtag]pwn",
  "\u001b[2J\u001b[H\u001b]0;pwned title\u0007",
  "\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007",
  "\u001b[31mred\u001b[0m",
  "\u009b31mC1 CSI\u009b0m",
  "\u0085next line",
  "\u202Eevil.exe\u202C.json",
  "\u2066isolate\u2069",
  "\u200Fright-to-left mark",
  "\u2028line separator::x",
  "\u0000nul\u0001\u0007\u0008\u007f",
  "@octocat please review",
  "[click](https://evil.example/)",
  "<script>alert(1)</script>",
  "]]><!-- --><x/>",
  "%0A::error::percent",
  "`code` *bold* | pipe |",
  "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0cw==;EndpointSuffix=core.windows.net",
  "https://a.blob.core.windows.net/c/b?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=abcdEFGHijklMNOPqrstUVWX%3D",
  "\ud800 lone surrogate",
  "é\u0301 combining 😀",
  "x".repeat(5000),
];

const BATCH_VALUES = [
  "Enabled",
  "Disabled",
  "SecuredByPerimeter",
  "SharedKey",
  "AAD",
  "TaskAuthenticationToken",
  "Microsoft.KeyVault",
  "Microsoft.Batch",
  "SystemAssigned",
  "UserAssigned",
  "None",
  "Deny",
  "Allow",
  "0.0.0.0/0",
  "*",
  "BatchService",
  "UserSubscription",
  "Standard_D2s_v3",
  "Simplified",
  "Classic",
  "Internet",
];

const RAW_NUMBERS = [
  "1e999",
  "-1e999",
  "1e-400",
  "-0",
  "9007199254740993",
  "123456789012345678901234567890",
  "0.1e1",
  "1E+2",
  "2147483648",
  "-2147483649",
  "4294967296",
  "1.7976931348623157e308",
  "5e-324",
  "0",
  "-1",
  "801",
  "1000000000",
];

const FUNCTIONS = (
  "parameters variables copyIndex resourceGroup subscription deployment environment tenant resourceId subscriptionResourceId " +
  "extensionResourceId if and or not bool coalesce equals greater less add sub mul div mod int float min max range concat " +
  "format string toLower toUpper trim split join replace substring indexOf startsWith padLeft base64 base64ToString " +
  "base64ToJson dataUri uri uriComponent json guid uniqueString array createArray createObject empty length first last skip " +
  "take contains union intersection items objectKeys tryGet shallowMerge flatten filter map mapValues reduce sort toObject " +
  "groupBy reference list listKeys newGuid utcNow fn.double"
).split(" ");

/** ARM expressions that ask for a lot of work or memory: the evaluator must bound them. */
const HEAVY = [
  "range(0, 100000000)",
  "string(range(0, 1000000))",
  "length(string(range(0, 2000000)))",
  "json(concat('[', string(range(0, 100000)), ']'))",
  "flatten(createArray(range(0, 65536), range(0, 65536)))",
  "concat(range(0, 65536), range(0, 65536))",
  "join(map(range(0, 200000), lambda('x', string(lambdaVariables('x')))), ',')",
  "map(range(0, 3000), lambda('x', range(0, 3000)))",
  "reduce(range(0, 1000000), 0, lambda('a', 'b', add(lambdaVariables('a'), lambdaVariables('b'))))",
  "padLeft('a', 100000000, 'x')",
  "replace(padLeft('', 100000, 'a'), 'a', padLeft('', 1000, 'b'))",
  "base64(string(range(0, 500000)))",
  "union(range(0, 300000), range(1, 300000))",
  "sort(range(0, 300000), lambda('a', 'b', greater(lambdaVariables('a'), lambdaVariables('b'))))",
  "toObject(range(0, 300000), lambda('x', string(lambdaVariables('x'))))",
  "json(base64ToString('eyJhIjpbMSwyLDNdfQ=='))",
  "reference('missing').properties.x",
  "reference(resourceId('Microsoft.Batch/batchAccounts', 'a'), '2024-07-01', 'Full').properties.poolAllocationMode",
  "listKeys(resourceId('Microsoft.Storage/storageAccounts', 's'), '2023-01-01').keys[0].value",
  "split(padLeft('', 1000000, ','), ',')",
  "substring('abc', 100000000, 5)",
  "createArray(1, 2)[9007199254740993]",
  "int('99999999999999999999999')",
  "div(1, 0)",
  "mod(-9223372036854775808, -1)",
];

/** A random ARM expression (without the brackets), up to `depth` calls deep. */
export function genExpr(r, depth = 3) {
  if (depth <= 0 || r.chance(0.3)) {
    return r.weighted([
      [3, () => `'${r.pick(BATCH_VALUES)}'`],
      [2, () => String(r.range(-5, 10))],
      [1, () => r.pick(RAW_NUMBERS)],
      [
        2,
        () => r.pick(["parameters('p')", "variables('v')", "copyIndex()", "resourceGroup().location", "deployment().name", "subscription().subscriptionId", "lambdaVariables('x')", "reference('r')", "true()", "null()"]),
      ],
      [1, () => `'${r.pick(HOSTILE).replace(/'/g, "''")}'`],
    ])();
  }
  if (r.chance(0.08)) return r.pick(HEAVY);
  const f = r.pick(FUNCTIONS);
  const args = Array.from({ length: r.int(4) }, () => genExpr(r, depth - 1));
  let e = `${f}(${args.join(", ")})`;
  if (r.chance(0.15)) e += r.pick([".name", ".properties.x", "[0]", "[-1]", "['a']", "?.y"]);
  return e;
}

/** A value a Batch property might hold, or might be given by an attacker. */
function interesting(r) {
  return r.weighted([
    [4, () => ({ k: "s", v: r.pick(BATCH_VALUES) })],
    [4, () => ({ k: "s", v: `[${genExpr(r, r.range(1, 4))}]` })],
    [2, () => ({ k: "s", v: r.pick(HOSTILE) })],
    [2, () => ({ k: "r", v: r.pick(RAW_NUMBERS) })],
    [1, () => ({ k: "r", v: r.pick(["true", "false", "null"]) })],
    [1, () => ({ k: "a", v: [] })],
    [1, () => ({ k: "o", m: [] })],
    [1, () => ({ k: "s", v: "" })],
    [1, () => ({ k: "s", v: "[[escaped literal]" })],
    [1, () => ({ k: "s", v: "[" })],
    [1, () => ({ k: "s", v: `[${"concat(".repeat(r.pick([50, 500, 3000]))}'a'${")".repeat(r.pick([50, 500, 3000]))}]` })],
  ])();
}

/** A random place, preferring Batch resources' properties (where the rules look), else anywhere. */
function pickPlace(r, root, filter = () => true) {
  const all = nodes(root);
  if (r.chance(0.6)) {
    const batch = all.filter((p) => p.node.k === "o" && /batch/i.test(member(p.node, "type")?.v ?? ""));
    if (batch.length) {
      const res = r.pick(batch).node;
      const inside = nodes(res).filter(filter);
      if (inside.length) return { root, place: r.pick(inside) };
    }
  }
  const ok = all.filter(filter);
  return { root, place: ok.length ? r.pick(ok) : all[0] };
}

/** The objects that are resources (have a string `type`), or the root when none. */
function resourcesOf(root) {
  const list = nodes(root).filter((p) => p.node.k === "o" && member(p.node, "type")?.k === "s");
  return list.length ? list.map((p) => p.node) : root.k === "o" ? [root] : [];
}

/** The first Batch resource's properties object (made when missing), for operations that need a place to use a value. */
function batchProperties(r, root) {
  const res = resourcesOf(root);
  const batch = res.filter((n) => /batch/i.test(member(n, "type")?.v ?? ""));
  const target = r.pick(batch.length ? batch : res);
  if (!target) return undefined;
  let props = member(target, "properties");
  if (props?.k !== "o") {
    props = { k: "o", m: [] };
    setMember(target, "properties", props);
  }
  return props;
}

/** The template's top-level object (for `variables`, `functions`, `parameters`), or undefined for non-objects. */
const top = (root) => (root.k === "o" ? root : undefined);

function ensureMember(obj, key, make) {
  let m = member(obj, key);
  if (!m || m.k !== (make.k ?? "o")) {
    m = make;
    setMember(obj, key, m);
  }
  return m;
}

// ---------------------------------------------------------------- tree operations

/** Each takes (random stream, root node) and returns the (possibly new) root. */
export const TREE_OPS = {
  value(r, root) {
    const { place } = pickPlace(r, root);
    return replaceAt(root, place, interesting(r));
  },
  delete(r, root) {
    const { place } = pickPlace(r, root, (p) => p.parent);
    if (!place?.parent) return root;
    if (place.parent.k === "o") place.parent.m.splice(place.at, 1);
    else place.parent.v.splice(place.at, 1);
    return root;
  },
  dupKey(r, root) {
    const objs = nodes(root).filter((p) => p.node.k === "o" && p.node.m.length);
    if (!objs.length) return root;
    const o = r.pick(objs).node;
    const [k, v] = r.pick(o.m);
    o.m.splice(r.int(o.m.length + 1), 0, [k, r.chance(0.5) ? clone(v) : interesting(r)]);
    return root;
  },
  /** Thousands of duplicate keys: as many findings or errors, which must neither overflow nor be quadratic. */
  dupMany(r, root) {
    const o = top(root) ?? batchProperties(r, root);
    if (!o) return root;
    const key = r.pick(["resources", "properties", "type", "name", "publicNetworkAccess", "x"]);
    const n = r.pick([100, 1000, 5000, 20000]);
    for (let i = 0; i < n; i++) o.m.push([key, { k: "r", v: String(i) }]);
    return root;
  },
  /** Many unknown keys (locating each finding must not walk the member list again). */
  manyKeys(r, root) {
    const o = r.chance(0.5) ? top(root) : batchProperties(r, root);
    if (!o) return root;
    const n = r.pick([500, 5000, 30000]);
    for (let i = 0; i < n; i++) o.m.push([`unknown${i}`, { k: "r", v: "1" }]);
    return root;
  },
  dupElem(r, root) {
    const arrs = nodes(root).filter((p) => p.node.k === "a" && p.node.v.length);
    if (!arrs.length) return root;
    const a = r.pick(arrs).node;
    const times = r.pick([1, 1, 2, 10, 200]);
    const e = r.pick(a.v);
    for (let i = 0; i < times; i++) a.v.push(clone(e));
    return root;
  },
  renameKey(r, root) {
    const objs = nodes(root).filter((p) => p.node.k === "o" && p.node.m.length);
    if (!objs.length) return root;
    const o = r.pick(objs).node;
    const e = r.pick(o.m);
    e[0] = r.weighted([
      [3, () => e[0].toUpperCase()],
      [
        2,
        () =>
          r.pick([
            "__proto__",
            "constructor",
            "prototype",
            "hasOwnProperty",
            "toString",
            "",
            " ",
            "$schema",
            "copy",
            "condition",
            "properties",
            "type",
            "name",
            "apiVersion",
            "resources",
            "value",
            "template",
            "templateLink",
          ]),
      ],
      [2, () => r.pick(HOSTILE)],
      [1, () => `${e[0]}\u0000`],
    ])();
    return root;
  },
  swapType(r, root) {
    const { place } = pickPlace(r, root);
    const n = place.node;
    const repl =
      n.k === "s"
        ? r.pick([
            { k: "r", v: "1" },
            { k: "a", v: [n] },
            { k: "o", m: [["value", n]] },
            { k: "r", v: "true" },
          ])
        : n.k === "r"
          ? r.pick([
              { k: "s", v: n.v },
              { k: "a", v: [n] },
              { k: "o", m: [] },
            ])
          : n.k === "a"
            ? r.pick([
                { k: "o", m: n.v.map((c, i) => [String(i), c]) },
                { k: "s", v: "[]" },
                { k: "r", v: "null" },
              ])
            : r.pick([
                { k: "a", v: n.m.map(([, c]) => c) },
                { k: "s", v: "{}" },
                { k: "r", v: "0" },
              ]);
    return replaceAt(root, place, repl);
  },
  expr(r, root) {
    const { place } = pickPlace(r, root, (p) => p.node.k === "s" || p.node.k === "r");
    return replaceAt(root, place, { k: "s", v: `[${genExpr(r, r.range(1, 5))}]` });
  },
  heavy(r, root) {
    const props = batchProperties(r, root);
    if (!props) return root;
    setMember(props, r.pick(["publicNetworkAccess", "allowedAuthenticationModes", "poolAllocationMode", "x"]), { k: "s", v: `[${r.pick(HEAVY)}]` });
    return root;
  },
  /** A resource copy loop, with a count from small to absurd. */
  copyLoop(r, root) {
    const res = resourcesOf(root);
    if (!res.length) return root;
    const target = r.pick(res);
    const count = r.pick([
      { k: "r", v: "0" },
      { k: "r", v: "3" },
      { k: "r", v: "800" },
      { k: "r", v: "801" },
      { k: "r", v: "100000" },
      { k: "r", v: "1000000000" },
      { k: "r", v: "-1" },
      { k: "s", v: "[parameters('n')]" },
      { k: "s", v: "[length(range(0, 900))]" },
      { k: "s", v: "x" },
    ]);
    setMember(target, "copy", fromValue({ name: r.pick(["c", "loop", ""]), count: null, mode: r.pick(["Parallel", "Serial", "x"]) }));
    setMember(member(target, "copy"), "count", count);
    if (r.chance(0.7)) setMember(target, "name", { k: "s", v: r.pick(["[concat('acct', copyIndex())]", "[format('a{0}', copyIndex('c'))]", "[copyIndex('nope')]"]) });
    return root;
  },
  /** Property copy loops, nested: 800 x 800 x 800 must end in a limit error, not an abort. */
  propCopy(r, root) {
    const props = batchProperties(r, root);
    if (!props) return root;
    const count = r.pick([2, 50, 800, 801, 5000]);
    const levels = r.pick([1, 1, 2, 3]);
    let input = { action: "Allow", value: "[concat('10.0.0.', copyIndex('rules'))]" };
    for (let l = levels - 1; l > 0; l--) input = { copy: [{ name: `inner${l}`, count, input }] };
    setMember(props, r.pick(["networkProfile", "ipRules", "x"]), fromValue({ copy: [{ name: "rules", count, input }] }));
    return root;
  },
  /** Variables built from the previous one (once or twice): shared values must stay shared. */
  varsChain(r, root) {
    const t = top(root);
    if (!t) return root;
    const vars = ensureMember(t, "variables", { k: "o", m: [] });
    const n = r.weighted([
      [6, r.range(1, 12)],
      [3, r.range(13, 30)],
      [1, r.range(31, 45)],
    ]);
    const twice = r.chance(0.6);
    const fn = r.pick(["concat", "createArray", "union", "createObject", "string", "json"]);
    vars.m.push(["fz0", r.pick([{ k: "s", v: "ab" }, fromValue([1, 2]), fromValue({ a: "Enabled" })])]);
    for (let i = 1; i <= n; i++) {
      const prev = `variables('fz${i - 1}')`;
      const v =
        fn === "createObject"
          ? `createObject('a', ${prev}, 'b', ${twice ? prev : "1"})`
          : fn === "string"
            ? `string(createArray(${prev}${twice ? `, ${prev}` : ""}))`
            : fn === "json"
              ? `json(string(createArray(${prev}${twice ? `, ${prev}` : ""})))`
              : `${fn}(${prev}${twice ? `, ${prev}` : ""})`;
      vars.m.push([`fz${i}`, { k: "s", v: `[${v}]` }]);
    }
    if (r.chance(0.2)) vars.m.push(["fzLoopA", { k: "s", v: "[variables('fzLoopB')]" }], ["fzLoopB", { k: "s", v: "[concat(variables('fzLoopA'), 'x')]" }]);
    const props = batchProperties(r, root);
    if (props) setMember(props, r.pick(["publicNetworkAccess", "x", "encryption"]), { k: "s", v: `[variables('fz${r.chance(0.8) ? n : "LoopA"}')]` });
    return root;
  },
  /** User-defined functions, each calling the previous (twice): must end in a limit, not hang. */
  udf(r, root) {
    const t = top(root);
    if (!t) return root;
    const n = r.weighted([
      [6, r.range(1, 10)],
      [3, r.range(11, 25)],
      [1, r.range(26, 40)],
    ]);
    const twice = r.chance(0.6);
    const members = [["f0", fromValue({ parameters: [{ name: "x", type: "string" }], output: { type: "string", value: "[concat(parameters('x'), 'a')]" } })]];
    for (let i = 1; i <= n; i++) {
      const call = `fz.f${i - 1}(parameters('x'))`;
      members.push([`f${i}`, fromValue({ parameters: [{ name: "x", type: "string" }], output: { type: "string", value: `[concat(${call}${twice ? `, ${call}` : ""})]` } })]);
    }
    if (r.chance(0.2)) members.push(["self", fromValue({ parameters: [], output: { type: "string", value: "[fz.self()]" } })]);
    t.m.push(["functions", { k: "a", v: [fromValue({ namespace: "fz", members: null })] }]);
    setMember(member(t, "functions").v[0], "members", { k: "o", m: members });
    const props = batchProperties(r, root);
    if (props) setMember(props, "publicNetworkAccess", { k: "s", v: `[fz.f${n}('p')]` });
    return root;
  },
  hostile(r, root) {
    const { place } = pickPlace(r, root, (p) => p.node.k === "s");
    const h = r.pick(HOSTILE);
    if (place.node.k !== "s") return replaceAt(root, place, { k: "s", v: h });
    return replaceAt(root, place, { k: "s", v: r.chance(0.5) ? h : place.node.v + h });
  },
  /** A hostile account or pool name: names are printed in every report. */
  hostileName(r, root) {
    const res = resourcesOf(root);
    if (!res.length) return root;
    setMember(r.pick(res), "name", { k: "s", v: r.pick(HOSTILE) });
    return root;
  },
  deepNest(r, root) {
    const { place } = pickPlace(r, root);
    const depth = r.pick([10, 100, 998, 999, 1000, 1001, 3000]);
    let n = place.node;
    const arrays = r.chance(0.5);
    for (let i = 0; i < depth; i++) n = arrays ? { k: "a", v: [n] } : { k: "o", m: [["a", n]] };
    return replaceAt(root, place, n);
  },
  hugeNumber(r, root) {
    const { place } = pickPlace(r, root, (p) => p.node.k !== "o" && p.node.k !== "a");
    return replaceAt(root, place, { k: "r", v: r.pick(RAW_NUMBERS) });
  },
  /** A nested deployment (inner or outer scope) holding part of the template: scopes and parameters passed down. */
  nestedDeployment(r, root) {
    const t = top(root);
    const resources = t && member(t, "resources");
    if (resources?.k !== "a") return root;
    // The template itself (its current resources), wrapped in `depth` nested deployments.
    let tmpl = clone(t);
    for (let i = 0; i < r.pick([1, 1, 2, 5, 30]); i++) {
      const deployment = fromValue({
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: `nested${i}`,
        properties: { mode: "Incremental", expressionEvaluationOptions: { scope: r.pick(["inner", "outer"]) } },
      });
      setMember(member(deployment, "properties"), "template", tmpl);
      tmpl = {
        k: "o",
        m: [
          ["$schema", { k: "s", v: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#" }],
          ["contentVersion", { k: "s", v: "1.0.0.0" }],
          ["resources", { k: "a", v: [deployment] }],
        ],
      };
    }
    resources.v.push(member(tmpl, "resources").v[0]);
    return root;
  },
  /** A linked template: itself (twice per level), a missing file, a path out of the tree, a device. */
  linkedTemplate(r, root) {
    const t = top(root);
    const resources = t && member(t, "resources");
    if (resources?.k !== "a") return root;
    const rel = r.pick(["./SELF", "SELF", "missing.json", "../../../../etc/passwd", "/dev/zero", "/proc/self/environ", "sub/../SELF", "http://example.com/t.json", ""]);
    const times = r.pick([1, 2]);
    for (let i = 0; i < times; i++) {
      resources.v.push(fromValue({ type: "Microsoft.Resources/deployments", apiVersion: "2022-09-01", name: `link${i}`, properties: { mode: "Incremental", templateLink: { relativePath: rel }, parameters: {} } }));
    }
    return root;
  },
  /** A suppression comment-free way to suppress: metadata suppressions, literal or from an expression. */
  suppression(r, root) {
    const res = resourcesOf(root);
    if (!res.length) return root;
    const value = r.pick(["BATCH001", "BATCH001,BATCH005", "*", "[json(base64ToString('WyJCQVRDSDAwMSJd'))]", "[concat('BATCH', '001')]", "", "BATCH999"]);
    setMember(r.pick(res), "metadata", fromValue({ "batchlint-disable": value, batchlint: { suppress: [{ rule: value, justification: r.pick(["", "ok", HOSTILE[0]]) }] } }));
    return root;
  },
  /** A secret where BATCH112 looks for literals. */
  secret(r, root) {
    const props = batchProperties(r, root);
    if (!props) return root;
    const s = r.pick(HOSTILE.filter((h) => /AccountKey|sig=/.test(h)));
    setMember(props, r.pick(["startTask", "x"]), fromValue({ commandLine: `/bin/sh -c "curl '${s}'"`, environmentSettings: [{ name: "K", value: s }], resourceFiles: [{ httpUrl: s }] }));
    return root;
  },
};

const TREE_WEIGHTS = [
  [12, "value"],
  [6, "delete"],
  [4, "dupKey"],
  [0.6, "dupMany"],
  [0.5, "manyKeys"],
  [3, "dupElem"],
  [4, "renameKey"],
  [5, "swapType"],
  [10, "expr"],
  [1.5, "heavy"],
  [2, "copyLoop"],
  [1.5, "propCopy"],
  [1.5, "varsChain"],
  [1.5, "udf"],
  [6, "hostile"],
  [4, "hostileName"],
  [1, "deepNest"],
  [3, "hugeNumber"],
  [1.5, "nestedDeployment"],
  [1, "linkedTemplate"],
  [1.5, "suppression"],
  [1.5, "secret"],
];

// ---------------------------------------------------------------- byte operations

/** Each takes (random stream, Buffer) and returns a Buffer. */
export const BYTE_OPS = {
  bom: (r, b) =>
    Buffer.concat([
      Buffer.from(
        r.pick([
          [0xef, 0xbb, 0xbf],
          [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
          [0xff, 0xfe],
          [0xfe, 0xff],
        ]),
      ),
      b,
    ]),
  utf16: (_r, b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString("utf8"), "utf16le")]),
  truncate: (r, b) => b.subarray(0, r.int(b.length + 1)),
  badUtf8: (r, b) => splice(r, b, Buffer.from(r.pick([[0xc3, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]]))),
  control: (r, b) => splice(r, b, Buffer.from(r.pick(["\u0000", "\u001b[2J", "\r", "\u0085", "\u2028", "\u0007"]))),
  comment: (r, b) => {
    const text = b.toString("latin1");
    const places = [...text.matchAll(/[{,[:]/g)].map((m) => m.index + 1);
    if (!places.length) return b;
    const at = r.pick(places);
    const c = r.pick(["// c\n", "/* c */", "/* multi\nline */", "/* unterminated", "// ::error::in comment\n", "/* \u001b[31m */"]);
    return Buffer.concat([b.subarray(0, at), Buffer.from(c), b.subarray(at)]);
  },
  flip: (r, b) => {
    const out = Buffer.from(b);
    for (let i = r.range(1, 8); i > 0 && out.length; i--) out[r.int(out.length)] = r.int(256);
    return out;
  },
  insertBytes: (r, b) => splice(r, b, Buffer.from(Array.from({ length: r.range(1, 16) }, () => r.int(256)))),
  trailingComma: (_r, b) => Buffer.from(b.toString("latin1").replace(/(\S)(\s*[}\]])/, "$1,$2"), "latin1"),
  crlf: (r, b) => Buffer.from(b.toString("latin1").replace(/\n/g, r.pick(["\r\n", "\r", "\u2028"])), "latin1"),
  whitespace: (r, b) => Buffer.concat([b, Buffer.alloc(r.pick([1000, 100000, 2_000_000]), r.pick([" ", "\n", "\t"]))]),
  garbageTail: (r, b) => Buffer.concat([b, Buffer.from(r.pick(["}", "]", "{}", "x", "\u0000", "// tail", ",", "null"]))]),
};

function splice(r, b, ins) {
  const at = r.int(b.length + 1);
  return Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
}

const BYTE_WEIGHTS = [
  [2, "bom"],
  [0.5, "utf16"],
  [2, "truncate"],
  [2, "badUtf8"],
  [2, "control"],
  [3, "comment"],
  [2, "flip"],
  [1, "insertBytes"],
  [1, "trailingComma"],
  [1, "crlf"],
  [0.3, "whitespace"],
  [1, "garbageTail"],
];

// ---------------------------------------------------------------- plans and inputs

const CONTAINERS = [
  [70, "json"],
  [5, "jsonc"],
  [8, "gzip"],
  [1, "gzipBroken"],
  [6, "ndjson"],
  [2, "ndjsonGzip"],
  [6, "pair"],
  [2, "oddName"],
];

/** The plan of input `index` of run `seed`. */
export function plan(seeds, seed, index) {
  const r = new Rng(mix(seed, index));
  const seedIdx = r.int(seeds.length);
  const ops = [];
  const n = r.weighted([
    [30, 1],
    [30, 2],
    [20, 3],
    [12, 5],
    [8, 8],
  ]);
  for (let i = 0; i < n; i++) ops.push({ t: r.weighted(TREE_WEIGHTS), s: r.seed() });
  if (r.chance(0.3)) for (let i = r.range(1, 2); i > 0; i--) ops.push({ t: r.weighted(BYTE_WEIGHTS), s: r.seed(), bytes: true });
  return { index, seed, seedIdx, ops, container: { t: r.weighted(CONTAINERS), s: r.seed() }, layout: { indent: r.pick(["  ", "  ", "    ", "\t", ""]), eol: r.pick(["\n", "\n", "\n", "\r\n"]) } };
}

/** NDJSON lines of a tree: the elements of an exported list, one a line. */
function ndjsonOf(root) {
  // A `value` or `data` member that a mutation made something other than an array is one record, like the root.
  const wrapped = member(root, "value") ?? member(root, "data");
  const list = root.k === "a" ? root.v : wrapped?.k === "a" ? wrapped.v : [root];
  return `${list.map((n) => print(n, "")).join("\n")}\n`;
}

/** A parameters file for a template tree: a value for each declared parameter, some of them mutated. */
function parametersFor(r, root) {
  const declared = (top(root) && member(root, "parameters"))?.m ?? [];
  const values = declared.map(([k]) => [k, fromValue({ value: null })]);
  for (const [, v] of values) setMember(v, "value", r.chance(0.5) ? interesting(r) : { k: "s", v: r.pick(BATCH_VALUES) });
  if (r.chance(0.3)) values.push([r.pick(HOSTILE), fromValue({ value: "x" })]);
  return print({
    k: "o",
    m: [
      ["$schema", { k: "s", v: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#" }],
      ["contentVersion", { k: "s", v: "1.0.0.0" }],
      ["parameters", { k: "o", m: values }],
    ],
  });
}

/**
 * The files of a plan: [{ name, bytes }], the linted file first. `base` is the file name without extension
 * (an odd-name container changes it). `keep(i)` says whether operation i is applied (all by default).
 */
export function build(seeds, p, base = "in", keep = () => true) {
  const s = seeds[p.seedIdx];
  let root = s.tree
    ? clone(s.tree)
    : s.kind === "ndjson"
      ? {
          k: "a",
          v: s.text
            .split(/\r?\n/)
            .map((l) => parseTree(l))
            .filter(Boolean),
        }
      : undefined;
  const treeOps = p.ops.map((op, i) => [op, i]).filter(([op, i]) => !op.bytes && keep(i));
  if (root) for (const [op] of treeOps) root = TREE_OPS[op.t](new Rng(op.s), root) ?? root;
  const cr = new Rng(p.container.s);
  let kind = p.container.t;
  if (kind.startsWith("ndjson") && !root) kind = "json";
  if (kind === "pair" && !(root && top(root) && member(root, "resources"))) kind = "json";
  const text = !root ? s.text : kind.startsWith("ndjson") ? ndjsonOf(root) : print(root, p.layout.indent, p.layout.eol);
  if (s.kind === "ndjson" && !kind.startsWith("ndjson")) kind = "ndjson";
  let bytes = Buffer.from(text, "utf8");
  for (const [op, i] of p.ops.map((op, i) => [op, i])) if (op.bytes && keep(i)) bytes = BYTE_OPS[op.t](new Rng(op.s), bytes);
  const files = [];
  let name = base;
  if (kind === "oddName") name = `${base}${cr.pick(["\n::error::forged-name\n##vso[task.complete]", "\u001b[31mred", "\u202Egnp", " ::x", "%0A", "@octocat", "[x](y)"])}`;
  switch (kind) {
    case "gzip":
      files.push({ name: `${name}.json.gz`, bytes: zlib.gzipSync(bytes) });
      break;
    case "gzipBroken": {
      const gz = zlib.gzipSync(bytes);
      files.push({ name: `${name}.json.gz`, bytes: cr.chance(0.5) ? gz.subarray(0, cr.int(gz.length)) : zlib.gzipSync(gz) });
      break;
    }
    case "ndjson":
      files.push({ name: `${name}.ndjson`, bytes });
      break;
    case "ndjsonGzip":
      files.push({ name: `${name}.ndjson.gz`, bytes: zlib.gzipSync(bytes) });
      break;
    case "jsonc":
      files.push({ name: `${name}.jsonc`, bytes });
      break;
    case "pair":
      files.push({ name: `${name}.json`, bytes }, { name: `${name}.parameters.json`, bytes: Buffer.from(parametersFor(cr, root)) });
      break;
    default:
      files.push({ name: `${name}.json`, bytes });
  }
  // A linked template's path that names the file itself.
  for (const f of files) if (f.bytes.includes("SELF")) f.bytes = Buffer.from(f.bytes.toString("latin1").replaceAll("SELF", files[0].name.replace(/["\\]/g, "")), "latin1");
  return files;
}

/** A one-line description of a plan, for failure reports. */
export function describe(seeds, p, keep = () => true) {
  const ops = p.ops.filter((_, i) => keep(i)).map((o) => o.t);
  return `seed file ${seeds[p.seedIdx].file}; operations: ${ops.join(", ") || "(none)"}; container: ${p.container.t}`;
}
