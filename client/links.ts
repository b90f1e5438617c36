/**
 * Split message text into text and link segments. Only http(s) URLs become
 * links; everything else, including javascript: and data: URLs, stays text.
 * Components render segments as text nodes and <a> elements, never as HTML.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Starts at a word boundary so "xhttps://..." is not cut into a link.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation that ends a URL in prose more often than it belongs to it.
const TRAILING = /[.,;:!?*'"]$/;

export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (href === null) continue;
    const start = match.index;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return mergeText(out);
}

/** Drop trailing punctuation, and closing brackets that have no opening one inside the URL. */
function trimTrailing(url: string): string {
  let s = url;
  for (;;) {
    if (TRAILING.test(s)) s = s.slice(0, -1);
    else if (unbalanced(s, '(', ')') || unbalanced(s, '[', ']') || unbalanced(s, '{', '}')) s = s.slice(0, -1);
    else return s;
  }
}

function unbalanced(s: string, open: string, close: string): boolean {
  if (!s.endsWith(close)) return false;
  return s.split(close).length > s.split(open).length;
}

/** The normalised href when the text is a well-formed http(s) URL with a host; null otherwise. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null; // not a URL after all: it stays text
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}

function mergeText(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    const prev = out.at(-1);
    if (seg.kind === 'text' && prev?.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + seg.text };
    else out.push(seg);
  }
  return out;
}
