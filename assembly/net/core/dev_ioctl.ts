// The interface ioctls on a socket (net/core/dev_ioctl.c, net/ipv4/devinet.c): what
// ifconfig, `ip`-less network labs and if_nametoindex(3) ask about the machine's one
// device, lo.
//
// net/socket.c sock_do_ioctl(): when the family's ioctl does not know the command
// (-ENOIOCTLCMD), SIOCGIFCONF goes to dev_ifconf() and the other SIOC*IF* commands copy
// a struct ifreq in, go to dev_ioctl(), and copy it back. AF_INET's inet_ioctl() takes
// the address commands itself (devinet_ioctl()): SIOCGIFADDR, SIOCGIFNETMASK,
// SIOCGIFBRDADDR, SIOCGIFDSTADDR on another family's socket are -ENOTTY, as on Linux.
//
// lo as Linux sets it up (drivers/net/loopback.c, `ip addr show lo`):
//   ifindex 1, flags UP|LOOPBACK|RUNNING (ifconfig's flags=73), mtu 65536, txqueuelen
//   1000, hardware type ARPHRD_LOOPBACK with an all-zero address, inet 127.0.0.1/8
//   (no broadcast address: 0.0.0.0; the "destination" is the local address).
// eth0 (with `int80 run --net user`, drivers/net/hostnet.ts) as a tun device shows it:
//   ifindex 2, flags UP|POINTOPOINT|RUNNING|NOARP|MULTICAST, mtu 1500, txqueuelen 500,
//   ARPHRD_NONE, inet 10.0.2.15/24 brd 10.0.2.255 (no peer: the destination is the local address).
import { copy_from_user, copy_to_user, get_user } from "../../kernel/uaccess";
import { ktrace } from "../../kernel/trace";
import { NetDevice, IFF_UP, dev_get_by_name, dev_get_by_index, netdev_get_name, first_netdev } from "./dev";
import * as E from "../../uapi/errno";
import { AF_INET } from "../../uapi/net";

// include/uapi/linux/sockios.h
export const SIOCGIFNAME: u32 = 0x8910;
export const SIOCGIFCONF: u32 = 0x8912;
export const SIOCGIFFLAGS: u32 = 0x8913;
export const SIOCGIFADDR: u32 = 0x8915;
export const SIOCGIFDSTADDR: u32 = 0x8917;
export const SIOCGIFBRDADDR: u32 = 0x8919;
export const SIOCGIFNETMASK: u32 = 0x891b;
export const SIOCGIFMETRIC: u32 = 0x891d;
export const SIOCGIFMTU: u32 = 0x8921;
export const SIOCGIFHWADDR: u32 = 0x8927;
export const SIOCGIFINDEX: u32 = 0x8933;
export const SIOCGIFTXQLEN: u32 = 0x8942;

// include/uapi/linux/if.h, i386: struct ifreq { char ifr_name[16]; union { struct sockaddr;
// short flags; int ifindex, metric, mtu, qlen; ... } } is 32 bytes; struct ifconf
// { int ifc_len; char *ifc_buf; } is 8.
export const IFNAMSIZ: u32 = 16;
export const IFREQ_SIZE: u32 = 32;
const IFR_UNION: u32 = 16; // ifr_addr / ifr_flags / ifr_ifindex / ifr_mtu / ifr_hwaddr ...
const IFCONF_LEN: u32 = 0;
const IFCONF_BUF: u32 = 4;

/** include/uapi/linux/if.h IFF_RUNNING: reported for an up device with carrier. */
const IFF_RUNNING: u32 = 0x40;
const ifr = memory.data(IFREQ_SIZE);
const ifc = memory.data(8);

/** Is `cmd` one of the interface commands sock_do_ioctl hands to the device layer? */
export function is_dev_ioctl_cmd(cmd: u32): bool {
  return cmd >= 0x8910 && cmd <= 0x897f; // the SIOC*IF* block of sockios.h
}

/**
 * The tail of sock_do_ioctl() for a command the family did not take: `family` is the
 * socket's address family. Returns -ENOTTY for what is not an interface command.
 */
export function sock_do_dev_ioctl(family: i32, cmd: u32, arg: u32): i32 {
  if (cmd == SIOCGIFCONF) return dev_ifconf(arg);
  if (!is_dev_ioctl_cmd(cmd)) return -E.ENOTTY;
  if (copy_from_user(ifr, arg, IFREQ_SIZE)) return -E.EFAULT;
  store<u8>(ifr + IFNAMSIZ - 1, 0); // get_user_ifreq: ifr_name[IFNAMSIZ-1] = 0
  let err: i32;
  if (cmd == SIOCGIFADDR || cmd == SIOCGIFNETMASK || cmd == SIOCGIFBRDADDR || cmd == SIOCGIFDSTADDR)
    err = family == AF_INET ? devinet_ioctl(cmd) : -E.ENOTTY;
  else err = dev_ioctl(cmd);
  if (err < 0) return err;
  return copy_to_user(arg, ifr, IFREQ_SIZE) ? -E.EFAULT : 0;
}


function put_sockaddr_in(at: usize, addr_be: u32): void {
  memory.fill(at, 0, 16);
  store<u16>(at, <u16>AF_INET);
  store<u32>(at, addr_be, 4);
}

/** devinet_ioctl(): the IPv4 address of the named device (each has one, labelled with its name). */
function devinet_ioctl(cmd: u32): i32 {
  ktrace("devinet_ioctl");
  const dev = dev_get_by_name(ifr);
  if (!dev) return -E.ENODEV;
  const at = ifr + IFR_UNION;
  switch (cmd) {
    case SIOCGIFADDR: put_sockaddr_in(at, dev.ifa_local_be); break;
    case SIOCGIFNETMASK: put_sockaddr_in(at, dev.ifa_mask_be); break;
    case SIOCGIFBRDADDR: put_sockaddr_in(at, dev.ifa_broadcast_be); break;
    case SIOCGIFDSTADDR: put_sockaddr_in(at, dev.ifa_local_be); break;
  }
  return 0;
}

/** dev_ioctl() / dev_ifsioc_locked(): the device's own fields. */
function dev_ioctl(cmd: u32): i32 {
  ktrace("dev_ioctl");
  const at = ifr + IFR_UNION;
  if (cmd == SIOCGIFNAME) {
    // dev_ifname(): the name of ifr_ifindex
    const d = dev_get_by_index(load<i32>(at));
    if (!d) return -E.ENODEV;
    netdev_get_name(d, ifr);
    return 0;
  }
  switch (cmd) {
    case SIOCGIFFLAGS: case SIOCGIFMETRIC: case SIOCGIFMTU: case SIOCGIFHWADDR:
    case SIOCGIFINDEX: case SIOCGIFTXQLEN: break;
    default: return -E.ENOTTY; // set commands and what lo has no answer for
  }
  const found = dev_get_by_name(ifr);
  if (!found) return -E.ENODEV;
  const dev = found!;
  memory.fill(at, 0, IFREQ_SIZE - IFR_UNION);
  switch (cmd) {
    case SIOCGIFFLAGS: {
      // dev_get_flags(): IFF_RUNNING for an up device; ifr_flags is a short
      let flags = dev.flags;
      if (flags & IFF_UP) flags |= IFF_RUNNING;
      store<u16>(at, <u16>(flags & 0xffff));
      break;
    }
    case SIOCGIFMETRIC: store<i32>(at, 0); break;
    case SIOCGIFMTU: store<i32>(at, <i32>dev.mtu); break;
    case SIOCGIFHWADDR: store<u16>(at, dev.type); break; // sa_family = dev->type, an all-zero address
    case SIOCGIFINDEX: store<i32>(at, dev.ifindex); break;
    case SIOCGIFTXQLEN: store<i32>(at, <i32>dev.tx_queue_len); break;
  }
  return 0;
}

/**
 * dev_ifconf() with inet_gifconf(): one struct ifreq (name, AF_INET address) per IPv4
 * address, whole entries only; ifc_buf NULL asks for the length needed. ifc_len is
 * set to the bytes used.
 */
function dev_ifconf(arg: u32): i32 {
  ktrace("dev_ifconf");
  const hdr = ifc;
  if (copy_from_user(hdr, arg, 8)) return -E.EFAULT;
  const len = load<i32>(hdr, IFCONF_LEN);
  const buf = load<u32>(hdr, IFCONF_BUF);
  let done: i32 = 0;
  for (let d: NetDevice | null = first_netdev(); d; d = d!.next) {
    if (buf == 0) { done += <i32>IFREQ_SIZE; continue; }
    if (len - done < <i32>IFREQ_SIZE) break;
    memory.fill(ifr, 0, IFREQ_SIZE);
    netdev_get_name(d!, ifr);
    put_sockaddr_in(ifr + IFR_UNION, d!.ifa_local_be);
    if (copy_to_user(buf + <u32>done, ifr, IFREQ_SIZE)) return -E.EFAULT;
    done += <i32>IFREQ_SIZE;
  }
  store<i32>(hdr, done, IFCONF_LEN);
  return copy_to_user(arg + IFCONF_LEN, hdr + IFCONF_LEN, 4) ? -E.EFAULT : 0;
}
