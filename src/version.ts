import fs from "node:fs";
import { fileURLToPath } from "node:url";

interface PackageJson {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
}

/**
 * Package metadata, read once from package.json when this module loads: one small synchronous read, which every
 * run pays anyway for --version, SARIF and the baseline. The candidates are relative to this module, so they hold
 * from src/ under vitest ("../") and from dist/src/ and dist/bundle/ ("../../"), as SCHEMA_PLACES does for schema/.
 */
function readPackage(): PackageJson {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const p = fileURLToPath(new URL(rel, import.meta.url));
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as PackageJson;
      if (pkg.name === "batchlint") return pkg;
    } catch {
      // try the next candidate
    }
  }
  return { name: "batchlint", version: "0.0.0" };
}

/**
 * The web address of a package.json `repository`, as a browser opens it: `git+https://host/o/r.git`,
 * `git://host/o/r.git`, `git@github.com:o/r.git` and the npm shorthands `o/r` and `github:o/r` all become
 * `https://host/o/r`. Undefined when there is none or it names no https-reachable host (a fork without one falls
 * back to its homepage).
 */
export function repositoryWebUrl(repository: PackageJson["repository"]): string | undefined {
  const raw = (typeof repository === "string" ? repository : repository?.url)?.trim();
  if (!raw) return undefined;
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(raw);
  if (shorthand) {
    const host = { github: "github.com", gitlab: "gitlab.com", bitbucket: "bitbucket.org" }[shorthand[1] ?? "github"];
    return `https://${host}/${shorthand[2]}/${shorthand[3]}`;
  }
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?\/?$/.exec(raw);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = /^(?:git\+)?(?:https?|git|ssh|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(raw);
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

const pkg = readPackage();
export const TOOL_NAME = "batchlint";
export const VERSION = pkg.version;
/** The source repository's web address (from package.json `repository`), so that a fork's links are its own. */
export const REPOSITORY_URL: string | undefined = repositoryWebUrl(pkg.repository);
/** SARIF `informationUri`, and the base of the README links in pseudo-rule references. */
export const INFORMATION_URI = REPOSITORY_URL ?? pkg.homepage ?? "https://www.npmjs.com/package/batchlint";

/**
 * The web address of a file of the repository at this version's tag (`v` + version, as `npm version` tags it):
 * links made by a release keep pointing at the text that release shipped. Undefined without a repository.
 */
export function repositoryFileUrl(file: string): string | undefined {
  return REPOSITORY_URL === undefined ? undefined : `${REPOSITORY_URL}/blob/v${VERSION}/${file}`;
}
