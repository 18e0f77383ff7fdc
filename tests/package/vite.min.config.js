import { defineConfig } from "vite";

export default defineConfig({
  build: { target: "es2022", outDir: "dist-min", rollupOptions: { input: "min.html" } },
  logLevel: "warn",
});
