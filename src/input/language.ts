/**
 * The input-language seam. An input language turns a parsed source document into resources: every value a node
 * of the located value tree (model/tree.ts) whose `at` is where a person must edit and whose `origins` is where
 * the value came from (parameter default, parameters file, variable, linked template, calling module), unknown
 * values `Unknown` with a reason. Rules, suppressions, fixes, baselines and formatters see only what `load`
 * returns: they never know which language a resource came from.
 *
 * To add a language (Bicep, Terraform): a folder beside arm/ and export/ with a module that exports an
 * `InputLanguage`, and an entry in LANGUAGES below.
 */
import type { RunContext } from "../context.js";
import type { Resource } from "../model/resource.js";
import type { ParsedDoc } from "../parse/document.js";
import type { TemplateView } from "../rule.js";
import type { TemplateOptions } from "./arm/template.js";
import { ARM_TEMPLATE } from "./arm/language.js";
import { EXPORTED_RESOURCES } from "./export/language.js";
import { BICEP } from "./bicep/language.js";
import { TERRAFORM } from "./terraform/language.js";
import { TERRAFORM_PLAN } from "./terraform/plan/language.js";
import type { DocKind } from "./recognise.js";

/** What loading may use beyond the document: parameters files, --param values, linked-template reading. */
export type LoadOptions = TemplateOptions;

/**
 * A note of loading (a part skipped, a value not evaluated), shown with --verbose; a "notice" is always shown (Batch
 * content that could not be linted: a file that mentions Microsoft.Batch but holds nothing to lint).
 */
export interface LoadNote {
  /** The document it is about, when not the loaded one (a linked template). */
  readonly file?: string;
  readonly kind: "skipped" | "info" | "notice";
  readonly message: string;
}

/** An error of loading at a place in a document (an unknown function, a cycle, a budget exhausted). */
export interface LoadError {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

export interface LoadedInput {
  readonly resources: readonly Resource[];
  /** The source as written, for document-level rules (templates; absent for exported resources). */
  readonly template?: TemplateView;
  /** Other documents the resources point into (linked templates, parameters files, calling modules), in order. */
  readonly documents: readonly ParsedDoc[];
  readonly notes: readonly LoadNote[];
  readonly errors: readonly LoadError[];
  /**
   * The resources are the document's own literal values (exported resources): the secrets to redact are all
   * found by reading the documents, none is made by evaluation.
   */
  readonly literal: boolean;
}

export interface InputLanguage {
  readonly name: string;
  /** The recognised kinds of document it loads (input/recognise.ts). */
  readonly kinds: readonly DocKind[];
  load(doc: ParsedDoc, options: LoadOptions, ctx: RunContext): LoadedInput;
}

/** Every input language, in the order they are asked. */
export const LANGUAGES: readonly InputLanguage[] = [ARM_TEMPLATE, EXPORTED_RESOURCES, BICEP, TERRAFORM_PLAN, TERRAFORM];

/** The language that loads a recognised kind of document, if any. */
export function languageFor(kind: DocKind): InputLanguage | undefined {
  return LANGUAGES.find((l) => l.kinds.includes(kind));
}
