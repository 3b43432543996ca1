import type { TreeLocation } from '@contract';
import { useQueryProc } from '../../api/hooks';
import { treeModelOf, type TreeModel } from './treeModel';

const NONE: TreeLocation[] = [];

/** The location tree and its indexes; the model is empty until the tree has loaded. */
export function useTreeModel(): { tree: ReturnType<typeof useQueryProc<'locations.tree'>>; model: TreeModel } {
  const tree = useQueryProc('locations.tree', {});
  return { tree, model: treeModelOf(tree.data?.locations ?? NONE) };
}
