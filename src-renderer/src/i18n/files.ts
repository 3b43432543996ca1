import type { LanguageMeta } from '@contract';
import type { ResourceKey } from 'i18next';

/**
 * The translations the renderer can load: each language's name and direction now (tiny), its texts when chosen.
 * The pattern lists RENDERER_NAMESPACES (a test checks that they match); each language becomes one chunk.
 */
const metas = import.meta.glob<LanguageMeta>('@locales/*/meta.json', { eager: true, import: 'default' });
const texts = import.meta.glob<ResourceKey>(
  '@locales/*/{common,locations,objects,moves,changes,settings,beforeafter,report,photos,exchange,labels,sync,evacuations,export,vocabulary,workshop,server}.json',
  { import: 'default' },
);

const parts = (path: string) => /([^/]+)\/([^/]+)\.json$/.exec(path)!.slice(1) as [string, string];

/** Every language there is a folder for, with its own name and direction. */
export const languageMetas: Readonly<Record<string, LanguageMeta>> = Object.fromEntries(Object.entries(metas).map(([path, meta]) => [parts(path)[0], meta]));

/** The loader of one namespace of one language, by "language/namespace". */
export const textLoaders: Readonly<Record<string, () => Promise<ResourceKey>>> = Object.fromEntries(
  Object.entries(texts).map(([path, load]) => [parts(path).join('/'), load]),
);
