// Vite builds web/ into web/dist, which `samenloop serve` serves (web_root).
// No inline scripts or styles: the server's Content-Security-Policy forbids them.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
