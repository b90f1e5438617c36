/**
 * Client ids for outgoing frames: 32 hex digits (fits the protocol's
 * letters/digits/_/- and 64-char limit). getRandomValues rather than
 * randomUUID because the latter needs a secure context and host pages may be http.
 */
export function clientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
