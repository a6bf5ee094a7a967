import { defineConfig } from 'vite';

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    // `npm run dev -w hosting` with `npm start` running: the API stays on the local host.
    proxy: { '/api': 'http://localhost:5000', '/__': 'http://localhost:5000', '/c': 'http://localhost:5000', '/v': 'http://localhost:5000' },
  },
});
