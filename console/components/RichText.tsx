/**
 * Untrusted text (visitor, assistant, host page) as text nodes, with http(s)
 * URLs as links that give the opened page no handle on the console. The
 * splitting rules are the widget's, so both ends show the same links.
 */
import { linkify } from '../../widget/links.ts';

interface Props {
  text: string;
  as?: 'p' | 'blockquote';
  class?: string;
  testId?: string;
}

export function RichText({ text, as: Tag = 'p', class: className = 'text', testId }: Props) {
  return (
    <Tag class={className} data-testid={testId}>
      {linkify(text).map((seg, i) =>
        seg.kind === 'link' ? (
          <a key={i} href={seg.href} target="_blank" rel="noopener noreferrer">
            {seg.text}
          </a>
        ) : (
          seg.text
        ),
      )}
    </Tag>
  );
}
