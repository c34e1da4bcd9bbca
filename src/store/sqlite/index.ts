/** The node:sqlite adapter of the store port; picked by compose.ts. */
export { openSqliteStore } from './sqlite-store.ts';
