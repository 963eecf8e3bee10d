import "server-only";
import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";

// Uploaded SVG logos are served from the portal's own origin, so anything active in them
// (scripts, event handlers, foreignObject, external references) would run as the portal.
// DOMPurify with its SVG profile keeps the drawing and drops the rest.

let purifier: ReturnType<typeof createDOMPurify> | undefined;

function domPurify() {
  purifier ??= createDOMPurify(new JSDOM("").window as unknown as Parameters<typeof createDOMPurify>[0]);
  return purifier;
}

/** The sanitised SVG document, or null when nothing drawable (no <svg> root) is left. */
export function sanitizeSvg(source: string): string | null {
  const clean = domPurify().sanitize(source, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: ["foreignObject", "use", "image", "style"],
    FORBID_ATTR: ["href", "xlink:href"],
  });
  const trimmed = clean.trim();
  if (!/^<svg[\s>]/i.test(trimmed)) return null;
  // Served as a file of its own, an SVG without its namespace renders as nothing.
  return /^<svg[^>]*\sxmlns=/i.test(trimmed) ? trimmed : trimmed.replace(/^<svg/i, '<svg xmlns="http://www.w3.org/2000/svg"');
}
