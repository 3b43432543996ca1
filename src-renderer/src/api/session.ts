import type { CurrentClient } from '@contract';
import { createContext, useContext } from 'react';

/** Who this client is (devices.current): the catalogue's host, or a workshop device with its role and person. */
export const SessionContext = createContext<CurrentClient | null>(null);

const HOST: CurrentClient = { catalogueId: '', role: 'coordinator', device: null, person: null, workshop: null };

export function useSession(): CurrentClient {
  return useContext(SessionContext) ?? HOST;
}

/** A member's device does the catalogue work; the coordinator's pages and menus are not offered to it. */
export const useIsCoordinator = (): boolean => useSession().role === 'coordinator';
