import type { en } from './en';

/** The shape of the English source, with room for plural forms other languages need (such as French `_many`). */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & { [extra: string]: unknown };
export type Translation = Shape<typeof en>;
