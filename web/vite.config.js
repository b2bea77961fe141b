// Vite builds web/ into web/dist, which `samenloop serve` serves (web_root).
// No inline scripts or styles: the server's Content-Security-Policy forbids them.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import purgeCss from './tools/purge_css.js';

export default defineConfig({
  base: '/',
  // styles.css imports the house style's tokens and components; only what the
  // screens use is kept (decision 136)
  css: { postcss: { plugins: [purgeCss({ root: fileURLToPath(new URL('.', import.meta.url)) })] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
