/**
 * Azure Batch resources inside other wrappers: a document of kind "wrapped" (input/recognise.ts), which is none of
 * the recognised shapes but mentions Microsoft.Batch. Real ones: REST API example files (`parameters` holding the
 * request body, `responses.<code>.body`), SDK test recordings (`Entries[]` of `RequestUri`, `RequestBody`,
 * `ResponseBody`, a body possibly a JSON string), and dumps nesting resource bodies at any depth. The document's
 * value is searched for Batch resources (account, pool, certificate, application):
 *
 * - an object with a Batch `type` (any case, as Resource Graph writes it) and a `properties` object;
 * - an object without `type` whose `id` is a Batch resource id, with a `properties` object;
 * - a request or response body with a `properties` object and no `type`, typed by its request: the resource id in
 *   a recording's `RequestUri` (or `uri`, `url`), or a REST example's URL parameters (`accountName`, `poolName` ...).
 *
 * A string holding JSON (it starts with `{` or `[`, and mentions Microsoft.Batch or is the body of a Batch request)
 * is parsed and searched too. Its values have no place of their own in the file: their pointers go on below the
 * string's (`/Entries/3/ResponseBody/properties/...`), which a document resolves to the closest place that exists,
 * the string itself. So findings in it point at the string, and fixes in it are refused (nothing there to edit).
 *
 * Nothing is deduplicated: an account in a request and in its response, or in two polls of one operation, is two
 * resources at two places in the file, each with its own findings. They can differ (a response fills in defaults
 * and read-only properties), and each is a place that a reader of the file would correct.
 *
 * The input is written by whoever opens the pull request: the walk is iterative, strings are parsed at most
 * MAX_STRING_LEVELS inside one another, the JSON of a string may not nest deeper than the readers' limit, and a
 * document yields at most DEFAULT_EVAL_LIMITS.maxResources resources. What a limit leaves unread, and a document
 * that yields nothing, is told in a notice (shown without --verbose): nothing that mentions Batch is dropped silently.
 */
import type { RunContext } from "../../context.js";
import { nodeFromPlain } from "../../model/literal.js";
import type { Resource } from "../../model/resource.js";
import { modelState } from "../../model/state.js";
import { escapePointerToken } from "../../model/value.js";
import { DEFAULT_PARSE_LIMITS, type ParsedDoc } from "../../parse/document.js";
import { DEFAULT_EVAL_LIMITS } from "../budget.js";
import type { LoadNote } from "../language.js";
import { isObject, isTemplateShape, MENTIONS_BATCH, member } from "../recognise.js";
import { batchType, resourceFromTree } from "./resources.js";

/** Strings parsed inside strings parsed (a recording's body string, logged in a string): real files stop at two. */
export const MAX_STRING_LEVELS = 3;

/** Notices of one document beyond this many are counted, not listed (a file of a million strings that are not JSON). */
export const MAX_NOTICES = 100;

/** Told when a document yields no resource (the summary; other notices say what a limit left unread). */
export const NOTHING_TO_LINT = "mentions Microsoft.Batch but holds no Batch account or pool to lint (an object with a Microsoft.Batch type or resource id and 'properties', also inside JSON strings); nothing linted";

/** The resource a body is about, as its request names it (see resourceFromTree's `known`). */
interface Target {
  readonly type: string;
  readonly id?: string;
  readonly name?: string;
}

/**
 * Where bodies are among an object's members: every member (a REST example's `parameters`: the body parameter's name
 * varies), the members of each member (its `responses`, by status code), or members named like bodies (a recording's
 * exchange, and its `request` / `response` parts).
 */
type Holds = { readonly target: Target; readonly how: "members" | "statuses" | "bodyKeys" };

interface Frame {
  readonly v: unknown;
  /** Its pointer in the file; for the JSON parsed from a string, going on below the string's. */
  readonly ptr: string;
  /** Arrays and objects it is nested in, those of the strings it is inside included. */
  readonly depth: number;
  /** The strings it is inside (0: the file's own JSON). */
  readonly strings: number;
  /** A request or response body: the resource its request is about. */
  readonly body?: Target;
  /** An object holding bodies, and where they are among its members. */
  readonly holds?: Holds;
  /**
   * The API version of the request or example it is part of (`api-version` of the example's parameters or of the
   * request URL): the resources in it are judged by that version's schema, not by the newest.
   */
  readonly api?: string;
}

export interface WrappedResult {
  readonly resources: Resource[];
  readonly notes: LoadNote[];
  /** False when a resource came from a JSON string: its secrets are not found by reading the document's values. */
  readonly literal: boolean;
}

const BODY_KEY = /^(?:request|response)?body$/i;
const EXCHANGE_PART = /^(?:request|response)$/i;
/** The resource id of a Batch account or one of its resources batchlint lints (no deeper: not a version, not an operation result). */
const BATCH_ID = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.batch\/batchaccounts\/([^/]+)(?:\/(pools|certificates|applications)\/([^/]+))?$/i;
/** REST example URL parameters naming the account's resources, by the id segment they fill. */
const CHILD_PARAMS = new Map([
  ["poolname", "pools"],
  ["certificatename", "certificates"],
  ["applicationname", "applications"],
]);

/** `ctx`: the run (by default the one the document was read in). */
export function loadWrapped(doc: ParsedDoc, ctx: RunContext = doc.context): WrappedResult {
  const model = modelState(ctx);
  const resources: Resource[] = [];
  const notes: LoadNote[] = [];
  let noticed = 0;
  const notice = (ptr: string, message: string) => {
    if (noticed++ < MAX_NOTICES) notes.push({ kind: "notice", message: `${ptr || "/"}: ${message}` });
  };
  const maxResources = DEFAULT_EVAL_LIMITS.maxResources;
  let fromStrings = false;
  const stack: Frame[] = [{ v: doc.value, ptr: doc.base.pointer ?? "", depth: 0, strings: 0 }];
  while (stack.length) {
    const f = stack.pop()!;
    const v = f.v;
    if (typeof v === "string") {
      const parsed = parseString(f, notice);
      if (parsed) stack.push(parsed);
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], ptr: `${f.ptr}/${i}`, depth: f.depth + 1, strings: f.strings, api: f.api });
      continue;
    }
    const o = v as Record<string, unknown>;
    const known = resourceOf(o, f.body);
    if (known) {
      if (resources.length === maxResources) {
        notice(f.ptr, `more than ${maxResources.toLocaleString("en-US")} Batch resources in one document; this one and the rest not linted`);
        break;
      }
      // A template's resource declaration: its expressions would be read as literal text.
      if (holdsExpression(o)) notice(f.ptr, `a ${known.type} written with ARM template expressions; not linted here (lint the template it comes from)`);
      else {
        resources.push(resourceFromTree(model, nodeFromPlain(model, o, doc.file, f.ptr), f.api === undefined ? known : { ...known, apiVersion: f.api }));
        if (f.strings > 0) fromStrings = true;
      }
      continue;
    }
    if (isTemplateShape(o)) {
      if (mentions(o)) notice(f.ptr, "an ARM template inside the document; not linted here (lint it as a file of its own)");
      continue;
    }
    pushMembers(stack, f, o);
  }
  // About the whole document: a record of a streamed list or NDJSON file is named by its pointer.
  const whole = (message: string) => notes.push({ kind: "notice", message: doc.base.pointer ? `${doc.base.pointer}: ${message}` : message });
  if (noticed > MAX_NOTICES) whole(`${(noticed - MAX_NOTICES).toLocaleString("en-US")} more notices like these left out`);
  if (resources.length === 0) whole(NOTHING_TO_LINT);
  return { resources, notes, literal: !fromStrings };
}

/** What `o` is, as a Batch resource: from its own type or id, else from the request it is the body of. */
function resourceOf(o: Record<string, unknown>, body: Target | undefined): Target | undefined {
  if (!isObject(member(o, "properties"))) return undefined;
  const type = member(o, "type");
  // Another provider's resource (or a type that is not a string): not Batch, whatever its surroundings say.
  if (type !== undefined) return typeof type === "string" && batchType(type) ? { type: batchType(type)! } : undefined;
  const id = member(o, "id");
  const byId = typeof id === "string" ? targetOfId(id) : undefined;
  return byId ?? body;
}

/** The members of an object that is not a resource, to search, each told whether it is a body and of what. */
function pushMembers(stack: Frame[], f: Frame, o: Record<string, unknown>): void {
  let holds = f.holds;
  let example: Target | undefined;
  let api = f.api;
  if (!holds) {
    const params = member(o, "parameters");
    // A REST example: its bodies are typed by its URL parameters (when they name an account or one of its resources).
    if (isObject(params) && isObject(member(o, "responses"))) {
      example = exampleTarget(params);
      const version = member(params, "api-version");
      if (typeof version === "string") api = version;
    } else {
      // A recording's exchange: its bodies are typed by the URL when it is a Batch resource's.
      const uri = member(o, "requestUri") ?? member(o, "uri") ?? member(o, "url");
      const target = typeof uri === "string" ? targetOfId(uriPath(uri)) : undefined;
      if (target) {
        holds = { target, how: "bodyKeys" };
        api = apiVersionOf(uri as string) ?? api;
      }
    }
  }
  const keys = Object.keys(o);
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    let body: Target | undefined;
    let inner: Holds | undefined;
    if (example) {
      const lower = k.toLowerCase();
      if (lower === "parameters") inner = { target: example, how: "members" };
      else if (lower === "responses") inner = { target: example, how: "statuses" };
    } else if (holds?.how === "members") body = holds.target;
    else if (holds?.how === "statuses") inner = { target: holds.target, how: "bodyKeys" };
    else if (holds) {
      if (BODY_KEY.test(k)) body = holds.target;
      else if (EXCHANGE_PART.test(k)) inner = holds;
    }
    stack.push({ v: o[k], ptr: `${f.ptr}/${escapePointerToken(k)}`, depth: f.depth + 1, strings: f.strings, body, holds: inner, api });
  }
}

/**
 * The JSON a string holds, as a frame at the string's place, when it may hold Batch resources: it starts like JSON
 * and mentions Microsoft.Batch, or it is a Batch request's body (which need not name the provider). Undefined when
 * it is not read; a limit that stops it, or a body that is not JSON, is noticed.
 */
function parseString(f: Frame, notice: (ptr: string, message: string) => void): Frame | undefined {
  const s = f.v as string;
  let i = 0;
  while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\r" || s[i] === "\n")) i++;
  if (s[i] !== "{" && s[i] !== "[") return undefined;
  if (!f.body && !MENTIONS_BATCH.test(s)) return undefined;
  if (f.strings >= MAX_STRING_LEVELS) {
    notice(f.ptr, `JSON in a string inside ${MAX_STRING_LEVELS} levels of JSON strings; not read`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    notice(f.ptr, f.body ? `the body of a request for ${f.body.type} is a string that is not JSON; not read` : "a string that mentions Microsoft.Batch starts like JSON but is not JSON; not read");
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const room = DEFAULT_PARSE_LIMITS.maxDepth - f.depth;
  if (nestedDeeper(parsed, room)) {
    notice(f.ptr, `the JSON in this string is nested deeper than ${DEFAULT_PARSE_LIMITS.maxDepth} levels in all; not read`);
    return undefined;
  }
  return { v: parsed, ptr: f.ptr, depth: f.depth, strings: f.strings + 1, body: f.body, api: f.api };
}

/** Whether a value nests arrays and objects more than `room` levels deep (iterative: JSON.parse does not limit it). */
function nestedDeeper(v: unknown, room: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== "object") continue;
    if (d > room) return true;
    for (const c of Array.isArray(x) ? x : Object.values(x)) if (c !== null && typeof c === "object") stack.push([c, d + 1]);
  }
  return false;
}

/** Whether a string anywhere in `v` is an ARM template expression (`[...]`, not the escaped `[[...`). */
function holdsExpression(v: unknown): boolean {
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "string") {
      if (x.length > 1 && x.charCodeAt(0) === 91 && x.charCodeAt(x.length - 1) === 93 && x.charCodeAt(1) !== 91) return true;
    } else if (x !== null && typeof x === "object") for (const c of Array.isArray(x) ? x : Object.values(x)) stack.push(c);
  }
  return false;
}

/** Whether a key or string anywhere in `v` mentions Microsoft.Batch. */
function mentions(v: unknown): boolean {
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === "string") {
      if (MENTIONS_BATCH.test(x)) return true;
    } else if (Array.isArray(x)) for (const c of x) stack.push(c);
    else if (x !== null && typeof x === "object") {
      for (const k of Object.keys(x)) {
        if (MENTIONS_BATCH.test(k)) return true;
        stack.push((x as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

/** The `api-version` query parameter of a request URL. */
function apiVersionOf(uri: string): string | undefined {
  return /[?&]api-version=([^&#]+)/i.exec(uri)?.[1];
}

/** The path of a request URL (`https://management.azure.com/subscriptions/...?api-version=...`, or the path alone). */
function uriPath(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

/** The Batch resource a resource id names (an account, or a pool, certificate or application of one). */
function targetOfId(id: string): Target | undefined {
  const m = BATCH_ID.exec(id);
  if (!m) return undefined;
  const child = m[4];
  const type = batchType(child ? `Microsoft.Batch/batchAccounts/${child}` : "Microsoft.Batch/batchAccounts")!;
  return { type, id, name: m[5] ?? m[3] };
}

/**
 * The resource a REST example's request is about, from its URL parameters: `accountName`, with `poolName`,
 * `certificateName` or `applicationName` for one of the account's resources. Undefined when they name something
 * else as well (an application's version, a private endpoint connection, a detector): its body is not that resource.
 */
function exampleTarget(params: Record<string, unknown>): Target | undefined {
  let account: string | undefined;
  let child: [string, string] | undefined;
  let subscription: unknown;
  let group: unknown;
  for (const k of Object.keys(params)) {
    const lower = k.toLowerCase();
    const v = params[k];
    if (lower === "subscriptionid") subscription = v;
    else if (lower === "resourcegroupname") group = v;
    else if (lower === "accountname") {
      if (typeof v !== "string") return undefined;
      account = v;
    } else if (CHILD_PARAMS.has(lower)) {
      if (child || typeof v !== "string") return undefined;
      child = [CHILD_PARAMS.get(lower)!, v];
    } else if (/(?:name|id)$/i.test(k)) return undefined;
  }
  if (account === undefined) return undefined;
  const path = `/providers/Microsoft.Batch/batchAccounts/${account}${child ? `/${child[0]}/${child[1]}` : ""}`;
  const id = typeof subscription === "string" && typeof group === "string" ? `/subscriptions/${subscription}/resourceGroups/${group}${path}` : undefined;
  const type = batchType(child ? `Microsoft.Batch/batchAccounts/${child[0]}` : "Microsoft.Batch/batchAccounts")!;
  return { type, id, name: child ? child[1] : account };
}
