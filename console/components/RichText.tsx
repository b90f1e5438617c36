/**
 * Untrusted text (visitor, assistant, host page) as text nodes, with http(s)
 * URLs as links that give the opened page no handle on the console. One renderer
 * for widget and console (client/), so both ends show the same links.
 */
import { RichText as Segments } from '../../client/rich-text.tsx';

interface Props {
  text: string;
  as?: 'p' | 'blockquote';
  class?: string;
  testId?: string;
}

export function RichText({ text, as: Tag = 'p', class: className = 'text', testId }: Props) {
  return (
    <Tag class={className} data-testid={testId}>
      <Segments text={text} />
    </Tag>
  );
}
