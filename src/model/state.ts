/**
 * The model's share of a run: what every `Prop` of the run reaches through its one `model` field. The observer of
 * unknown reads (--report-unknown), the interned lower-cased keys, the parsed paths and the trie of object shapes
 * are kept here, once per run (and per worker thread), instead of in module globals: two runs in one process
 * never see each other's caches, and the observer of one run's rule never hears another run's reads.
 *
 * Fields, not slots looked up per read: a rule's every `get` and an export's every object go through these.
 */
import { slot, type RunContext } from "../context.js";
import type { CompiledPath, Prop } from "./prop.js";
import type { ResourcePath } from "./resource.js";
import { Shapes } from "./shape.js";

/** Told of each unknown value a rule reads (engine/run.ts, while a rule runs with --report-unknown). */
export interface UnknownReads {
  unknownRead(prop: Prop): void;
}

/** Lower-cased keys kept before the interner starts again. */
const MAX_LOWER_KEYS = 10_000;

export class ModelState {
  /** Set by the engine while a rule runs (and --report-unknown is on); every Prop read of an unknown value calls it. */
  observer: UnknownReads | undefined = undefined;
  /** Paths parsed and compiled ("a.b[0]": segments, lower-cased keys, path text), for Prop.get and Resource.get (prop.ts). */
  readonly compiled = new Map<string, CompiledPath>();
  /** Resource.get's paths, each with its place in a resource's Props read (resource.ts). */
  readonly resourcePaths = new Map<string, ResourcePath>();
  /** The shapes of objects read by JSON.parse (shape.ts): shared by the documents of the run, as their accounts are alike. */
  readonly shapes: Shapes = new Shapes(this);
  readonly #lowerKeys = new Map<string, string>();

  /** Made by `modelState`, once per run. */
  constructor(
    /** The run this is part of: the later stages reach their own state from a Prop through it (engine/schema.ts). */
    readonly ctx: RunContext,
  ) {}

  /**
   * A key (or an enum-like value, a resource type) lower-cased, as objects' props are keyed and as comparisons are
   * made. They repeat across the resources of an audit and rules ask for the same ones again and again: each is
   * lower-cased once (toLowerCase makes a new string each time), and the same string is given back, so the props of
   * objects and the paths rules read compare pointers. At most 10,000 are kept.
   */
  lowerKey(key: string): string {
    const keys = this.#lowerKeys;
    let l = keys.get(key);
    if (l === undefined) {
      l = key.toLowerCase();
      if (keys.size > MAX_LOWER_KEYS) keys.clear();
      keys.set(key, l);
    }
    return l;
  }
}

/** Holds the run's ModelState, made on first use (a slot's `make` does not see the run it makes for). */
const MODEL = slot("the model's state: unknown-read observer, lower-cased keys, paths, object shapes", () => ({ state: undefined as ModelState | undefined }));

/** The run's ModelState. */
export function modelState(ctx: RunContext): ModelState {
  const held = ctx.get(MODEL);
  return (held.state ??= new ModelState(ctx));
}
