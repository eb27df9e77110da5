import { Prop } from "./prop.js";
import { lowerKey, type Loc } from "./tree.js";
import type { Finding } from "../findings.js";

/**
 * One Azure resource as Azure would deploy it, whatever the document shape it came from (ARM template,
 * REST GET body, `az batch account show` output, Resource Graph row ...). Rules read it only through `get`.
 */
export interface Resource {
  /** Full resource type as declared, e.g. "Microsoft.Batch/batchAccounts/pools" (compare case-insensitively). */
  readonly type: string;
  /** apiVersion when known (templates; REST exports do not carry one). */
  readonly apiVersion: string | undefined;
  /** Known full name ("acct" or "acct/pool") when it can be evaluated. */
  readonly name: string | undefined;
  /** Human label for messages: resource id, name, or symbolic name. */
  readonly label: string;
  /** The document (file path as given) and the resource object's pointer. */
  readonly at: Loc;
  readonly file: string;
  /** The resource object itself. */
  readonly root: Prop;
  /** The `properties` object (for `az` flattened exports, the root object itself). */
  readonly properties: Prop;
  /** Deployed only if an unknown condition holds: findings on it are marked conditional. */
  readonly conditional: boolean;
  /** Set for copy-expanded resources. */
  readonly copy?: { readonly name: string; readonly index: number };
  /** Parent resource for child resources (pools of an account) when in the same document. */
  readonly parent?: Resource;
  /** Azure resource id when known (exports), for audit output. */
  readonly id?: string;
  /** Where it came from; informational only (rules must not branch on it). */
  readonly origin: "template" | "export";
  /** Case-insensitive lookup from the resource root: "properties.encryption.keySource", "identity.type", "name". */
  get(path: string): Prop;
}

export class ResourceImpl implements Resource {
  constructor(
    readonly type: string,
    readonly apiVersion: string | undefined,
    readonly name: string | undefined,
    readonly label: string,
    readonly root: Prop,
    readonly properties: Prop,
    readonly origin: "template" | "export",
    readonly conditional = false,
    readonly copy?: { readonly name: string; readonly index: number },
    public parent?: Resource,
    readonly id?: string,
  ) {}
  /** Kept by the engine: how findings on this resource name it (made once, shared by its findings). */
  summary: Finding["resource"] | undefined = undefined;
  get at(): Loc {
    return this.root.at;
  }
  get file(): string {
    return this.root.at.file;
  }
  get(path: string): Prop {
    const rest = underProperties(path);
    if (rest !== undefined) return rest ? this.properties.get(rest) : this.properties;
    return this.root.get(path);
  }
}

/** "properties.a.b" → "a.b", "properties" → "", anything else → undefined (rules ask the same paths again and again). */
const restCache = new Map<string, string | undefined>();
function underProperties(path: string): string | undefined {
  if (restCache.has(path)) return restCache.get(path);
  const m = /^properties(?:\.|$)/i.exec(path);
  const rest = m ? path.slice(m[0].length) : undefined;
  if (restCache.size < 10_000) restCache.set(path, rest);
  return rest;
}

export function typeIs(r: { type: string }, ...types: string[]): boolean {
  if (types.length === 1 && r.type === types[0]) return true;
  const t = lowerKey(r.type);
  return types.some((x) => lowerKey(x) === t);
}
