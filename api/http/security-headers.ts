// Security headers on every response (DESIGN §5, issue "hostile input"): no sniffing, no
// framing, a strict referrer policy, and HSTS when the request came over HTTPS.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'same-origin');
  h.set('X-Frame-Options', 'DENY');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', API_CSP);
  const viaProxy = c.get('deps').config.trustProxy && c.req.header('x-forwarded-proto') === 'https';
  if (viaProxy || c.req.url.startsWith('https:')) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
});
