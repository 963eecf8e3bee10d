// Security headers of every page and API response (proxy.ts for pages and assets, the API
// wrapper lib/api/handler.ts for API responses, whose request bodies the proxy never sees).
// Pure: the caller passes the configuration.
//
// The CSP allows what the portal needs and no more: its own scripts (Next.js inlines its
// bootstrap scripts, hence 'unsafe-inline' for scripts; 'unsafe-eval' because the portal's
// JSON Schema editors compile schemas with Ajv in the browser, as React's dev tooling does), its own styles (inline style attributes included), images from itself,
// data:/blob: URLs and https (organisation logos), audio from itself and blob: (recordings,
// LiveKit's remote tracks), and connections to itself and to the LiveKit server browsers use
// (signalling over ws(s), its HTTP validation endpoint). WebRTC media is not governed by CSP.
// No page may be framed (frame-ancestors 'none', X-Frame-Options DENY for old browsers).

export type SecurityHeaderOptions = {
  /** The LiveKit URL browsers connect to (LIVEKIT_PUBLIC_URL, else LIVEKIT_URL). */
  livekitUrl?: string;
  development?: boolean;
  /** APP_URL is https: tell browsers to stay on https. */
  https?: boolean;
};

function livekitSources(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    const secure = parsed.protocol === "wss:" || parsed.protocol === "https:";
    const host = parsed.host;
    return [`${secure ? "wss" : "ws"}://${host}`, `${secure ? "https" : "http"}://${host}`];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy(options: SecurityHeaderOptions = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'", ...livekitSources(options.livekitUrl), ...(options.development ? ["ws:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** Sets the headers on a response, copying it when its headers are immutable. */
export function withSecurityHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) if (!res.headers.has(name)) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of Object.entries(headers)) if (!copy.headers.has(name)) copy.headers.set(name, value);
    return copy;
  }
}
