/**
 * The ARM template expression language: lexer.ts (tokens), parser.ts (syntax trees, cached per run),
 * evaluate.ts (the evaluator) and functions/ (the function library, a module per category). Importers use
 * these names.
 */
export { ExprError, InvalidTemplateError, TooComplexError } from "./errors.js";
export { EXPR_CACHES, type Ast, type ExprCaches, type ExprContext } from "./types.js";
export { isExpression, parseExpression, referencedNames, unescapeLiteral } from "./parser.js";
export { evaluateExpression, evaluateString } from "./evaluate.js";
export { toArmString } from "./functions/helpers.js";
