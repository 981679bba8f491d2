// Astro build of the public portal: plain static HTML in site/dist, served by the API process.
// Static pages ship no JavaScript except the inline display-mode script in the base layout;
// only the filing and tracking pages hydrate Svelte islands. After the build, every text asset
// gets brotli and gzip siblings (x.js.br, x.js.gz) that the server sends as the
// browser accepts (api/http/static.ts); HTML pages are compressed by the server after it fills
// in the office's identity.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';

const COMPRESS = /\.(js|mjs|css|svg|json|txt|xml|webmanifest)$/;

/**
 * Every page with an island announces the island's scripts and the chunks they import in its
 * <head> (<link rel="modulepreload">), so the browser fetches them all at once while it reads the
 * page, instead of discovering each level of imports one round trip after the other.
 */
function preloadIslands(dir) {
  const assets = path.join(dir, '_astro');
  const importsOf = (file, seen) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(assets, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) importsOf(m[1], seen);
  };
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) {
        const html = fs.readFileSync(full, 'utf8');
        const seen = new Set();
        for (const m of html.matchAll(/(?:component|renderer)-url="\/_astro\/([\w.-]+\.js)"/g)) importsOf(m[1], seen);
        if (!seen.size) continue;
        const links = [...seen].map((f) => `<link rel="modulepreload" href="/_astro/${f}">`).join('');
        fs.writeFileSync(full, html.replace('</head>', links + '</head>'));
      }
    }
  };
  walk(dir);
}

function precompress() {
  return {
    name: 'xf-precompress',
    hooks: {
      'astro:build:done': ({ dir }) => {
        preloadIslands(fileURLToPath(dir));
        const walk = (d) => {
          for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else if (COMPRESS.test(e.name)) {
              const body = fs.readFileSync(full);
              const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
              const gz = zlib.gzipSync(body, { level: 9 });
              // Every text asset, the few tiny ones too (DESIGN §7: every portal asset compressed).
              fs.writeFileSync(full + '.br', br);
              fs.writeFileSync(full + '.gz', gz);
            }
          }
        };
        walk(fileURLToPath(dir));
      },
    },
  };
}

export default defineConfig({
  output: 'static',
  outDir: './dist',
  // `file` emits /file.html, /track.html; the server maps /file to file.html.
  build: { format: 'file', inlineStylesheets: 'auto' },
  trailingSlash: 'never',
  integrations: [svelte(), precompress()],
  devToolbar: { enabled: false },
  // The machine and many users are offline from CDNs: no remote fonts or images.
  vite: {
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        output: {
          // Few, larger chunks: on a slow mobile network each request costs a round trip and its
          // headers (issue 14: /file ≤ 50 KB and ready to type ≤ 2.5 s at 400 kbps / 400 ms).
          // The Svelte runtime is one chunk; the portal's shared code (strings, vocabulary, API
          // helpers, the field and attachment components) another. Photo downscaling, the
          // review step and the receipt stay apart: they load when needed.
          manualChunks(id) {
            if (id.includes('/node_modules/svelte/')) return 'svelte';
            if (/\/site\/src\/lib\/downscale/.test(id)) return undefined;
            if (/\/site\/src\/(lib\/(api|device|validate|office-contact)|i18n\/zh)\.ts$|\/api\/contract\/(enums|checks|query-code-text)\.ts$|\/site\/src\/components\/(Field|Attachments)\.svelte/.test(id)) return 'portal';
            return undefined;
          },
        },
      },
    },
  },
});
