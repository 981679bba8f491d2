// Astro build of the public portal: plain static HTML in site/dist, served by the API process.
// Static pages ship no JavaScript except the inline display-mode script in the base layout;
// only the filing and tracking pages hydrate Svelte islands.
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';

export default defineConfig({
  output: 'static',
  outDir: './dist',
  // `file` emits /file.html, /track.html; the server maps /file to file.html.
  build: { format: 'file', inlineStylesheets: 'auto' },
  trailingSlash: 'never',
  integrations: [svelte()],
  devToolbar: { enabled: false },
  // The machine and many users are offline from CDNs: no remote fonts or images.
  vite: { build: { assetsInlineLimit: 0 } },
});
