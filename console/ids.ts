/**
 * Client message ids: short, random, and within the protocol's clientId pattern
 * (letters, digits, _ and -). getRandomValues rather than randomUUID because the
 * latter exists only in secure contexts, and a console on a LAN address over
 * plain http is not one.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `a-${hex}`;
}
