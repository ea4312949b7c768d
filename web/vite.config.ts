import { defineConfig } from "vite";

// No framework plugin: esbuild compiles the JSX for Preact by itself.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { proxy: { "/v1": "http://127.0.0.1:8000", "/sandbox": "http://127.0.0.1:8000" } },
});
