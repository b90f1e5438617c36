import { describe, expect, it } from 'vitest';
import { linkify } from './links.ts';

describe('linkify', () => {
  it('returns plain text as one text segment', () => {
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
  });

  it('turns http and https URLs in mixed text into links', () => {
    expect(linkify('See https://example.com/help?q=1#top and http://a.example now')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/help?q=1#top', href: 'https://example.com/help?q=1#top' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://a.example', href: 'http://a.example/' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves javascript:, data: and other schemes as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'click javascript:alert(document.cookie)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'ftp://files.example/x',
      'mailto:a@example.com',
      'JaVaScRiPt:alert(1)',
    ]) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('does not cut a link out of a word or accept a URL without a host', () => {
    expect(linkify('xhttps://evil.example')).toEqual([{ kind: 'text', text: 'xhttps://evil.example' }]);
    expect(linkify('https:// nothing')).toEqual([{ kind: 'text', text: 'https:// nothing' }]);
  });

  it('keeps HTML-looking text as text around a link', () => {
    expect(linkify('<img src=x onerror=alert(1)> https://ok.example"><script>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> ' },
      { kind: 'link', text: 'https://ok.example', href: 'https://ok.example/' },
      { kind: 'text', text: '"><script>' },
    ]);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(linkify('Go to https://example.com/a.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('(see https://example.com/x), ok?')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      { kind: 'text', text: '), ok?' },
    ]);
    expect(linkify('really https://example.com?!')[1]).toEqual({ kind: 'link', text: 'https://example.com', href: 'https://example.com/' });
  });

  it('keeps balanced brackets that belong to the URL', () => {
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar).')).toEqual([
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('normalises the href so it cannot carry raw spaces or quotes', () => {
    const [seg] = linkify('https://example.com/ä');
    expect(seg).toEqual({ kind: 'link', text: 'https://example.com/ä', href: 'https://example.com/%C3%A4' });
  });
});
