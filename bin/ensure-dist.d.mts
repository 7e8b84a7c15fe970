/** Types of ensure-dist.mjs, for the TypeScript that imports it (the tests' global setup, the CLI benchmark). */
export declare const distDir: string;
export declare function staleReason(): string | undefined;
export declare function buildDist(): void;
export declare function ensureDist(options?: { quiet?: boolean }): boolean;
