/**
 * A URL from an untrusted source (the host page, a visitor): a link only when
 * it is http(s), opened without giving the target page a handle on the console.
 * Anything else (javascript:, data:, junk) is shown as text.
 */
export function httpUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null; // not a URL at all: the caller shows the raw text
  }
}

export function SafeLink({ href }: { href: string }) {
  const safe = httpUrl(href);
  if (!safe) return <span class="text">{href}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  );
}
