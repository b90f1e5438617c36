/**
 * A knowledge base is a folder of Markdown articles (FORMAT.md section 1): the
 * file name is the article id, the first `# ` heading its title, and `## `
 * headings split it into sections, the unit that is retrieved and quoted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Section {
  article: string;
  title: string;
  heading: string;
  /** Plain text of the section (Markdown markers removed). */
  text: string;
}

export interface Article {
  id: string;
  title: string;
  sections: Section[];
}

/** Markdown to plain text, enough for quoting: emphasis, links and code markers go; words stay. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

export function parseArticle(id: string, markdown: string): Article {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let title = id;
  let heading: string | null = null;
  let buffer: string[] = [];
  const sections: Section[] = [];
  const flush = () => {
    const text = plainText(buffer.join('\n'));
    if (text) sections.push({ article: id, title, heading: heading ?? title, text });
    buffer = [];
  };
  let titled = false;
  for (const line of lines) {
    const h1 = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2 = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (h1 && !titled) {
      title = h1[1] ?? id;
      titled = true;
    } else if (h2) {
      flush();
      heading = h2[1] ?? null;
    } else {
      buffer.push(line);
    }
  }
  flush();
  return { id, title, sections };
}

export function loadKnowledge(dir: string): Article[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
  return files.map((file) => parseArticle(basename(file, '.md'), readFileSync(join(dir, file), 'utf8')));
}
