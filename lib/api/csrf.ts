import { AppError } from "@/lib/errors/app-error";

// Cross-site request forgery: a browser attaches the portal's session cookie to requests other
// sites make it send. Cookie-authenticated writes must therefore (1) be JSON — a form or a
// no-CORS fetch cannot send Content-Type: application/json without a preflight, which we never
// grant — and (2) come from the portal's own origin: `Sec-Fetch-Site` must be "same-origin"
// when the browser sends it, and `Origin` must be the request's own origin (or APP_URL's) when
// sent. Sibling subdomains are same-site but never same-origin, so a whitelabel install's other
// tenants are refused too. API-key (Bearer) requests carry no ambient credential and are not
// checked.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isWriteMethod = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

const isJson = (contentType: string | null) => {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || (type?.startsWith("application/") === true && type.endsWith("+json"));
};

// The request's own origin: its URL's, APP_URL's, or one on the host the browser addressed
// (Host, or X-Forwarded-Host behind a TLS-terminating proxy, where the URL says http). A
// browser always sets Host to the site it sends to, so another site cannot borrow it.
function isOwnOrigin(req: Request, origin: string, trustedOrigins: readonly string[]): boolean {
  if (origin === new URL(req.url).origin || trustedOrigins.includes(origin)) return true;
  let host: string;
  try {
    const parsed = new URL(origin);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
    host = parsed.host;
  } catch {
    return false;
  }
  const addressed = [req.headers.get("x-forwarded-host"), req.headers.get("host")].flatMap((h) => (h ? h.split(",").map((v) => v.trim().toLowerCase()) : []));
  return addressed.includes(host.toLowerCase());
}

/** Throws when a cookie-authenticated write may be forged: 415 without a JSON body type, 403 from another origin. */
export function checkCookieWrite(req: Request, trustedOrigins: readonly string[], bodyMedia: readonly string[] = []): void {
  if (!isWriteMethod(req.method)) return;
  const fetchSite = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  if ((fetchSite !== null && fetchSite !== "same-origin") || (origin !== null && !isOwnOrigin(req, origin, trustedOrigins))) {
    throw new AppError("forbidden", `Cross-origin request refused: a signed-in portal write must come from the portal itself (Origin ${origin ?? "not sent"}, Sec-Fetch-Site ${fetchSite ?? "not sent"}); use an API key from other origins`, "Origin");
  }
  // Uploads (an operation's bodyMedia, e.g. a CSV import) can be sent by any form, so for
  // them the origin check above is the protection; every other write must be JSON.
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!isJson(type) && !bodyMedia.includes(type)) {
    throw new AppError("unsupported_media_type", "A signed-in portal write must send Content-Type: application/json", "Content-Type");
  }
}
