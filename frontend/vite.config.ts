import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// base './' keeps asset URLs relative: Go embeds frontend/dist and serves it from any root.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  // Svelte 5 resolves its server build under Node unless told it runs in a browser.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    // A ceiling for a busy 2-core machine (CI runs Go and browser tests beside these), not a goal.
    testTimeout: 20_000,
  },
}));
