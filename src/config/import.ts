/**
 * `import()` of a module named at run time: a plugin's file or package. It is the one dynamic import whose
 * specifier is not a literal, so the CLI's bundle cannot turn it into a `require` as it does the others.
 *
 * The CLI's bundle (dist/bundle/batchlint.cjs, scripts/bundle.mjs) is compiled through `node:vm` to use a V8 code
 * cache, and on Node 20 code compiled that way cannot call `import()` without --experimental-vm-modules. The bundle
 * build therefore replaces this module by one that calls the importer its loader passes in (scripts/loader.cjs:
 * the loader's own `import()`, that of an ES module). Everywhere else (dist/src, the tests, the Action's bundle)
 * this is a plain `import()`.
 */
export function importModule(specifier: string): Promise<unknown> {
  return import(specifier);
}
