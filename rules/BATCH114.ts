import { BATCH_POOL, defineRule } from "../src/rule.js";

/** A managed image (Microsoft.Compute/images), as opposed to a Compute Gallery image definition or version. */
const MANAGED_IMAGE = /\/providers\/Microsoft\.Compute\/images\/[^/]+\/?$/i;

export default defineRule({
  meta: {
    id: "BATCH114",
    name: "managed-image-custom-image",
    title: "Pool uses a managed image instead of an Azure Compute Gallery image",
    severity: "warning",
    tags: ["retirement", "reliability"],
    resourceTypes: [BATCH_POOL],
    precision: "very-high",
    docs: {
      summary: "`imageReference.id` points at a managed image (`Microsoft.Compute/images`); Batch supports custom images only from an Azure Compute Gallery.",
      rationale:
        "Azure Batch retired custom image pools specified from VHD blobs and managed images on 31 March 2026: every custom " +
        "image source other than the Azure Compute Gallery is retired. The REST reference documents `imageReference.id` as " +
        "a Compute Gallery image (`.../galleries/{gallery}/images/{definition}[/versions/{version}]`).",
      remediation: "Publish the image to an Azure Compute Gallery (an image definition and version created from the managed image) and set `imageReference.id` to the gallery image or image version id.",
      references: ["https://learn.microsoft.com/azure/batch/batch-custom-image-pools-to-azure-compute-gallery-migration-guide", "https://learn.microsoft.com/azure/templates/microsoft.batch/batchaccounts/pools"],
    },
    messages: { managedImage: "imageReference.id '{{id}}' is a managed image; custom images from managed images were retired on 31 March 2026" },
  },
  check(pool, ctx) {
    const id = pool.get("properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.id");
    const s = id.str();
    if (s !== undefined && MANAGED_IMAGE.test(s.trim())) ctx.report({ messageId: "managedImage", at: id, data: { id: s } });
  },
});
