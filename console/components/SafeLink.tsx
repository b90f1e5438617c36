import { safeHref } from '../../client/links.ts';

/**
 * A URL from an untrusted source (the host page): a link only when it is
 * http(s), opened without giving the target page a handle on the console;
 * anything else (javascript:, data:, junk) is shown as text.
 */
export function SafeLink({ href }: { href: string }) {
  const safe = safeHref(href);
  if (!safe) return <span class="text">{href}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  );
}
