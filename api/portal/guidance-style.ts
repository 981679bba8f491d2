// The few rules the guidance pages add to the portal stylesheet (inline, ~2 KB, so no extra
// request): article typography, breadcrumbs, the search box, the guide's answer buttons, the
// reception list, and print rules that keep the text and show where links lead.
export const GUIDANCE_CSS = `
.crumbs{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:0 .4rem;color:var(--muted);font-size:.95rem}
.crumbs li{margin:0}.crumbs li+li::before{content:"›";margin-right:.4rem}
.meta{color:var(--muted);font-size:.95rem;margin-top:-.25rem}
.prose{max-width:42rem}.prose h2{font-size:1.3rem}.prose h3{font-size:1.125rem}
.prose blockquote{margin:0 0 1rem;padding:.5rem 1rem;border-left:4px solid var(--line);background:var(--soft)}
.prose table{border-collapse:collapse;margin:0 0 1rem;display:block;overflow-x:auto;max-width:100%}
.prose th,.prose td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
.prose th{background:var(--soft)}
.prose pre{overflow-x:auto;background:var(--soft);padding:.75rem;border-radius:var(--radius)}
.prose code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.95em}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1.5rem}
.search .field{flex:1 1 14rem;margin:0}
.search input[type=search]{display:block;width:100%;font:inherit;font-size:1.05rem;border:1px solid var(--line);border-radius:var(--radius);padding:.55rem .7rem;min-height:2.75rem}
.list{list-style:none;padding:0}.list>li{border-bottom:1px solid var(--line);padding:.75rem 0;margin:0}
.list a{font-size:1.1rem;font-weight:700}.list p{margin:.25rem 0 0;color:var(--muted)}
mark{background:#ffe58a;color:#000}
.answers{list-style:none;padding:0;display:grid;gap:.75rem;max-width:40rem}.answers li{margin:0}
.answers a{display:block;border:2px solid var(--brand);border-radius:var(--radius);padding:.75rem 1rem;text-decoration:none;color:var(--ink);font-size:1.1rem;font-weight:700}
.answers a:hover{background:#fbf3f3}.answers .hint{font-weight:400;margin:.2rem 0 0;font-size:.95rem}
.outcome{border:3px solid var(--brand);border-radius:var(--radius);padding:1rem 1.25rem;margin-bottom:1rem;max-width:42rem}
.outcome-kind{display:inline-block;background:var(--brand);color:#fff;font-weight:700;padding:.1rem .6rem;border-radius:999px;margin-bottom:.5rem}
.limit{background:var(--warn-bg);border-left:6px solid var(--warn-line);padding:.75rem 1rem;margin:1rem 0}
.limit strong{display:block}
.days{list-style:none;padding:0;display:grid;gap:1rem}.days li{margin:0}
.day-date{font-size:1.2rem;font-weight:700;color:var(--brand-dark);margin:0}
.more{font-weight:700}.card>h2:first-child{margin-top:0}
@media print{.search,.answers,.crumbs,.no-print{display:none!important}.prose a[href^="http"]::after{content:" (" attr(href) ")";font-size:.9em}.outcome{border:2px solid #000}.limit{border:2px solid #000;background:none}}
`.replace(/\n/g, '');
