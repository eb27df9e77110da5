/**
 * A Terraform plan as `terraform show -json plan.out` prints it (HashiCorp's "JSON Output Format"): an object with
 * `format_version`, `terraform_version`, and `planned_values` or `resource_changes`. Recognised by content, whatever
 * the file is called. (`terraform show -json` of a state has `values` instead of `planned_values`: not a plan.)
 */
export function isPlanShape(root: unknown): boolean {
  if (root === null || typeof root !== "object" || Array.isArray(root)) return false;
  const o = root as Record<string, unknown>;
  return typeof o.format_version === "string" && typeof o.terraform_version === "string" && (isPlainObject(o.planned_values) || Array.isArray(o.resource_changes));
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
