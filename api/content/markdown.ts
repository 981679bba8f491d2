// Turns an editor's Markdown into the HTML the portal shows. Guarantee: the output contains only
// the allow-listed tags and attributes below: no script, style, iframe, form or event handler,
// and every link or image points to http(s), mailto, tel or a path on this site; never
// javascript: or data:. Raw HTML in the Markdown goes through the same allow-list.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 's',
    'blockquote', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    ol: ['start'],
    th: ['align', 'scope'],
    td: ['align'],
    abbr: ['title'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  // Script-like elements go with everything inside them; other refused tags keep their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'title', 'svg', 'math'],
  disallowedTagsMode: 'discard',
  // A paragraph left empty by a refused tag would only add a gap.
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
  transformTags: {
    // The page title is the only h1.
    h1: 'h2',
    b: 'strong',
    i: 'em',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:\/\//i.test(href);
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
    th: (tagName, attribs) => ({ tagName, attribs: { ...attribs, scope: attribs.scope === 'row' ? 'row' : 'col' } }),
  },
};
// `rel` is added by the transform above; it must survive the attribute filter that runs after it.
(ALLOWED.allowedAttributes as Record<string, string[]>).a.push('rel');

export function sanitize(html: string): string {
  return sanitizeHtml(html, ALLOWED);
}

/** Markdown → safe HTML. */
export function renderMarkdown(md: string): string {
  return sanitize(marked.parse(md) as string);
}

/** The visible text of some Markdown, whitespace collapsed (summaries, meta descriptions). */
export function markdownText(md: string): string {
  return htmlText(marked.parse(md) as string);
}

function htmlText(html: string): string {
  const plain = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ALLOWED.nonTextTags });
  return decodeEntities(plain).replace(/\s+/g, ' ').trim();
}

/** The first paragraph, at most `max` characters, cut at a sentence end when one is near. */
export function summarize(md: string, max = 90): string {
  // An article that opens with a heading (a Q&A list) reads better from its start.
  const first = /^\s*#/.test(md) ? undefined : /<p>([\s\S]*?)<\/p>/.exec(renderMarkdown(md))?.[1];
  const t = first !== undefined ? htmlText(first) : markdownText(md);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'));
  return end > max / 2 ? cut.slice(0, end + 1) : cut + '…';
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
