import "server-only";
import { withErrors } from "@/lib/api/handler";
import { neutralBrand, platformBrand, resolveBrand } from "@/lib/branding/brand";
import { monogramSvg, openBrandAsset } from "@/lib/branding/settings";

// GET /brand-assets/{owner}/{file}: a partner's logo or favicon, or the monogram favicon of a
// brand without one (owner: an organisation id, "platform" or "neutral"). Public: the login
// page shows them. Uploaded files are content-addressed, so they are cached for long; an SVG
// is sandboxed should a sanitiser gap ever let something active through.

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
const ASSET_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
};

export const getBrandAsset = withErrors(async ({ params }) => {
  const owner = params.owner ?? "";
  const file = params.file ?? "";
  if (file === "monogram.svg") {
    const brand =
      owner === "platform" ? platformBrand()
      : owner === "neutral" ? neutralBrand()
      : /^[0-9a-f-]{36}$/.test(owner) ? await resolveBrand(owner)
      : null;
    // Only a partner's own id yields its monogram; any other id is not found.
    if (!brand || (owner !== "platform" && owner !== "neutral" && brand.organizationId !== owner)) return notFound();
    return new Response(monogramSvg(brand.kind === "neutral" ? "" : brand.productName, brand.primaryColor), {
      headers: { ...ASSET_HEADERS, "content-type": "image/svg+xml", "cache-control": "public, max-age=60" },
    });
  }
  const asset = await openBrandAsset(owner, file);
  if (!asset) return notFound();
  return new Response(asset.body, {
    headers: { ...ASSET_HEADERS, "content-type": asset.contentType, "content-length": String(asset.size), "cache-control": "public, max-age=31536000, immutable" },
  });
});
