// Types for scripts/icons.mjs (a plain Node script), for the tests that import it.
export declare const MASTER: string;
export declare const ICONS_DIR: string;
export declare const WINDOW_ICON: string;
export declare const PNG_SIZES: readonly number[];
export declare function renderPng(svg: Buffer, size: number): Promise<Buffer>;
export declare function samePixels(a: Buffer, b: Buffer): Promise<boolean>;
export declare function makeIcons(options?: { master?: string; outDir?: string; windowIcon?: string | null }): Promise<string[]>;
