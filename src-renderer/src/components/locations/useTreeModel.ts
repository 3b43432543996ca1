import type { TreeLocation } from '@contract';
import { useQueryProc } from '../../api/hooks';
import { treeModelOf, type TreeModel } from './treeModel';

const NONE: TreeLocation[] = [];

/** The location tree and its indexes; the model is empty until the tree has loaded (or while it is not `enabled`). */
export function useTreeModel({ enabled = true }: { enabled?: boolean } = {}): { tree: ReturnType<typeof useQueryProc<'locations.tree'>>; model: TreeModel } {
  const tree = useQueryProc('locations.tree', {}, { enabled });
  return { tree, model: treeModelOf(tree.data?.locations ?? NONE) };
}
