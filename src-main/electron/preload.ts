// Filled in by the Electron shell work.
export {};
