// Vite's import.meta.glob, as far as the UI uses it (the full vite/client types would bring in the
// browser-only `import.meta.env` and asset module declarations for the whole project).
interface ImportMeta {
  glob<T>(pattern: string, options: { import: 'default' }): Record<string, () => Promise<T>>;
}
