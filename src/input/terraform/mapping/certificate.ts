/**
 * `azurerm_batch_certificate` → the rules' model (a Microsoft.Batch/batchAccounts/certificates body), for BATCH020:
 * Batch account certificates were retired on 29 February 2024, and the resource still exists in the provider. The
 * provider names the certificate `<thumbprint_algorithm>-<thumbprint>` (its `name` is computed); the certificate's
 * data and password (both sensitive) are not read: no rule needs them.
 */
import { mapBlock, type Obj, ObjTree, type Spec } from "./spec.js";

export const CERTIFICATE_SPEC: Spec = {
  format: "properties.format",
  thumbprint: "properties.thumbprint",
  thumbprint_algorithm: "properties.thumbprintAlgorithm",
};

export function mapBatchCertificate(block: Obj): Obj {
  const out = new ObjTree(block.at);
  const alg = block.props.get("thumbprint_algorithm")?.node;
  const thumb = block.props.get("thumbprint")?.node;
  if (alg?.t === "val" && typeof alg.value === "string" && thumb?.t === "val" && typeof thumb.value === "string") out.set("name", { t: "val", value: `${alg.value}-${thumb.value}`, at: thumb.at, origins: [] });
  mapBlock(block, CERTIFICATE_SPEC, out);
  return out.build();
}
