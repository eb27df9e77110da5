// Kept for the rules (rules/*.ts import isExpression from here) until they import from the public API: the
// expression language lives in ./expression/.
export * from "./expression/index.js";
