// `server-only` throws when imported outside a React Server Components build; under
// vitest the modules run on the server anyway, so the guard resolves to this empty module.
export {};
