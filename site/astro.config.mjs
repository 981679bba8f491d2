// Astro build of the public portal: plain static HTML in site/dist, served by the API process.
// Static pages ship no JavaScript except the inline display-mode script in the base layout;
// only the filing and tracking pages hydrate Svelte islands. After the build, every text asset
// (over 1 KB, and smaller ones where it saves bytes) gets brotli and gzip siblings (x.js.br, x.js.gz) that the server sends as the
// browser accepts (api/http/static.ts); HTML pages are compressed by the server after it fills
// in the office's identity.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';

const COMPRESS = /\.(js|mjs|css|svg|json|txt|xml|webmanifest)$/;

function precompress() {
  return {
    name: 'xf-precompress',
    hooks: {
      'astro:build:done': ({ dir }) => {
        const walk = (d) => {
          for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else if (COMPRESS.test(e.name)) {
              const body = fs.readFileSync(full);
              const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
              const gz = zlib.gzipSync(body, { level: 9 });
              // Over 1 KB always; smaller files too where it saves bytes.
              if (br.length < body.length) fs.writeFileSync(full + '.br', br);
              if (gz.length < body.length) fs.writeFileSync(full + '.gz', gz);
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
  vite: { build: { assetsInlineLimit: 0 } },
});
