import { compiledPath, type CompiledPath, type Prop } from "./prop.js";
import type { Loc } from "./tree.js";
import type { ModelState } from "./state.js";

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
  get at(): Loc {
    return this.root.at;
  }
  get file(): string {
    return this.root.at.file;
  }
  /** The Props read so far, by ResourcePath id: rules ask one resource the same paths (an account about 25 times, 16 paths). */
  private read: (Prop | undefined)[] | undefined = undefined;
  get(path: string): Prop {
    const p = resourcePath(path, this.root.model);
    if (p.id === UNCACHED) return this.follow(p);
    return ((this.read ??= [])[p.id] ??= this.follow(p));
  }
  private follow(p: ResourcePath): Prop {
    return p.underProperties ? this.properties.follow(p.path) : this.root.follow(p.path);
  }
}

/**
 * A path as Resource.get reads it: "properties.a.b" is "a.b" below the properties object (the root itself for
 * flattened exports), anything else is read from the root. Rules ask every resource the same few paths: each is
 * parsed once and found again with one look-up.
 */
export interface ResourcePath {
  readonly underProperties: boolean;
  readonly path: CompiledPath;
  /** Its place in a resource's Props read (ResourceImpl.read). */
  readonly id: number;
}
const UNCACHED = -1;
/** The run's ResourcePath of a path (ModelState.resourcePaths: the ids index the Props of the run's resources). */
function resourcePath(path: string, model: ModelState): ResourcePath {
  const resourcePaths = model.resourcePaths;
  let p = resourcePaths.get(path);
  if (!p) {
    const m = /^properties(?:\.|$)/i.exec(path);
    // Paths made past the cache's limit share one id that is never read back from a resource's Props.
    const id = resourcePaths.size < 10_000 ? resourcePaths.size : UNCACHED;
    p = m ? { underProperties: true, path: compiledPath(path.slice(m[0].length), model), id } : { underProperties: false, path: compiledPath(path, model), id };
    if (id !== UNCACHED) resourcePaths.set(path, p);
  }
  return p;
}

export function typeIs(r: { type: string }, ...types: string[]): boolean {
  for (const x of types) if (sameType(r.type, x)) return true;
  return false;
}

/** Types compare case-insensitively; most are spelt alike (exports' types are canonical). */
function sameType(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
