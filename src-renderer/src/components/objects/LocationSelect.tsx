import type { ReactNode } from 'react';
import { useTreeModel } from '../locations/useTreeModel';
import { LocationSelect as TreeLocationSelect } from '../moves/LocationSelect';

/** A searchable choice of location (code, name or path), fast with thousands of them; archived ones are not offered. */
export function LocationSelect(props: {
  value: string | null;
  onChange: (id: string | null) => void;
  label: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  error?: ReactNode;
  clearable?: boolean;
  /** Keep the label for screen readers only (when something next to it already says what it is). */
  hideLabel?: boolean;
}) {
  const { tree, model } = useTreeModel();
  const { hideLabel, ...rest } = props;
  const select = <TreeLocationSelect model={model} loading={tree.isPending} {...rest} />;
  return hideLabel ? <div className="label-for-screen-readers">{select}</div> : select;
}
