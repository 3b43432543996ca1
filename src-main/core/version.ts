/** Storeroom's version, from package.json at build time. */
export const APP_VERSION: string = import.meta.env.STOREROOM_VERSION ?? '0.0.0-dev';
