// The old path of the expression language, which lives in ./expression/ now. It was kept for rules/*.ts until they
// imported from the public API (they do: src/rule.ts); nothing in the tree imports it any more, so it can go.
export * from "./expression/index.js";
