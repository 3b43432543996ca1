import type { NetworkInterfaceInfo } from 'node:os';

/** An address of this computer that other devices on the local network can reach. */
export interface LanAddress {
  address: string;
  /** The network interface, as the system names it (en0, wlan0, Wi-Fi, Ethernet, ...). */
  interface: string;
}

/** Interfaces of virtual machines, containers and VPNs: no phone in the room reaches them. */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|zt|tailscale|wg|ham|lxc|lxd|podman|cni|flannel|kube|awdl|llw|anpi|bridge)|virtualbox|vmware|vethernet|hyper-v|loopback|bluetooth/i;

const isPrivate = (address: string) => /^10\./.test(address) || /^192\.168\./.test(address) || /^172\.(1[6-9]|2\d|3[01])\./.test(address);

/**
 * This computer's IPv4 addresses on its local networks, the likeliest first: private addresses of real interfaces
 * (Wi-Fi, Ethernet), then other addresses; never loopback or link-local (169.254, no network), and virtual interfaces
 * only when there is nothing else.
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): LanAddress[] {
  const found: (LanAddress & { score: number })[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || info.address.startsWith('169.254.')) continue;
      const score = (VIRTUAL.test(name) ? 2 : 0) + (isPrivate(info.address) ? 0 : 1);
      found.push({ address: info.address, interface: name, score });
    }
  }
  const real = found.filter((a) => a.score < 2);
  return (real.length ? real : found).sort((a, b) => a.score - b.score).map(({ address, interface: name }) => ({ address, interface: name }));
}
