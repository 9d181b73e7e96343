// The guest's root file system at boot (Linux unpacks an initramfs into its rootfs the
// same way, init/initramfs.c): directories, the /dev nodes and the /etc files a small
// Debian system has. The kernel creates every entry in its tmpfs; nothing here touches
// the host's file system.

const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFLNK = 0o120000, S_IFCHR = 0o020000;
const dev = (major: number, minor: number) => (major << 8) | minor;

const HOSTS = `127.0.0.1\tlocalhost
127.0.1.1\tint80

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`;

// Debian netbase's /etc/services, the well-known part
const SERVICES = `# Network services, Internet style
#
# Updated from https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml .
#
# New ports will be added on request if they have been officially assigned
# by IANA and used in the real-world or are needed by a debian package.
# If you need a huge list of used numbers please install the nmap package.

tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer
echo\t\t7/tcp
echo\t\t7/udp
discard\t\t9/tcp\t\tsink null
discard\t\t9/udp\t\tsink null
systat\t\t11/tcp\t\tusers
daytime\t\t13/tcp
daytime\t\t13/udp
netstat\t\t15/tcp
qotd\t\t17/tcp\t\tquote
chargen\t\t19/tcp\t\tttytst source
chargen\t\t19/udp\t\tttytst source
ftp-data\t20/tcp
ftp\t\t21/tcp
fsp\t\t21/udp\t\tfspd
ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol
telnet\t\t23/tcp
smtp\t\t25/tcp\t\tmail
time\t\t37/tcp\t\ttimserver
time\t\t37/udp\t\ttimserver
whois\t\t43/tcp\t\tnicname
tacacs\t\t49/tcp\t\t\t\t# Login Host Protocol (TACACS)
tacacs\t\t49/udp
domain\t\t53/tcp\t\t\t\t# Domain Name Server
domain\t\t53/udp
bootps\t\t67/udp
bootpc\t\t68/udp
tftp\t\t69/udp
gopher\t\t70/tcp\t\t\t\t# Internet Gopher
finger\t\t79/tcp
http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5
kerberos\t88/udp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5
iso-tsap\t102/tcp\t\ttsap\t\t# part of ISODE
acr-nema\t104/tcp\t\tdicom\t\t# Digital Imag. & Comm. 300
pop3\t\t110/tcp\t\tpop-3\t\t# POP version 3
sunrpc\t\t111/tcp\t\tportmapper\t# RPC 4.0 portmapper
sunrpc\t\t111/udp\t\tportmapper
auth\t\t113/tcp\t\tauthentication tap ident
nntp\t\t119/tcp\t\treadnews untp\t# USENET News Transfer Protocol
ntp\t\t123/udp\t\t\t\t# Network Time Protocol
epmap\t\t135/tcp\t\tloc-srv\t\t# DCE endpoint resolution
netbios-ns\t137/udp\t\t\t\t# NETBIOS Name Service
netbios-dgm\t138/udp\t\t\t\t# NETBIOS Datagram Service
netbios-ssn\t139/tcp\t\t\t\t# NETBIOS session service
imap2\t\t143/tcp\t\timap\t\t# Interim Mail Access P 2 and 4
snmp\t\t161/tcp\t\t\t\t# Simple Net Mgmt Protocol
snmp\t\t161/udp
snmp-trap\t162/tcp\t\tsnmptrap\t# Traps for SNMP
snmp-trap\t162/udp\t\tsnmptrap
cmip-man\t163/tcp\t\t\t\t# ISO mgmt over IP (CMOT)
cmip-man\t163/udp
cmip-agent\t164/tcp
cmip-agent\t164/udp
mailq\t\t174/tcp\t\t\t# Mailer transport queue for Zmailer
xdmcp\t\t177/udp\t\t\t# X Display Manager Control Protocol
bgp\t\t179/tcp\t\t\t\t# Border Gateway Protocol
smux\t\t199/tcp\t\t\t\t# SNMP Unix Multiplexer
qmtp\t\t209/tcp\t\t\t\t# Quick Mail Transfer Protocol
z3950\t\t210/tcp\t\twais\t\t# NISO Z39.50 database
ipx\t\t213/udp\t\t\t\t# IPX [RFC1234]
ptp-event\t319/udp
ptp-general\t320/udp
pawserv\t\t345/tcp\t\t\t\t# Perf Analysis Workbench
zserv\t\t346/tcp\t\t\t\t# Zebra server
rpc2portmap\t369/tcp
rpc2portmap\t369/udp\t\t\t\t# Coda portmapper
codaauth2\t370/tcp
codaauth2\t370/udp\t\t\t\t# Coda authentication server
clearcase\t371/udp\t\tClearcase
ldap\t\t389/tcp\t\t\t# Lightweight Directory Access Protocol
ldap\t\t389/udp
svrloc\t\t427/tcp\t\t\t\t# Server Location
svrloc\t\t427/udp
https\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL
https\t\t443/udp\t\t\t\t# HTTP/3
snpp\t\t444/tcp\t\t\t\t# Simple Network Paging Protocol
microsoft-ds\t445/tcp\t\t\t\t# Microsoft Naked CIFS
kpasswd\t\t464/tcp
kpasswd\t\t464/udp
submissions\t465/tcp\t\tssmtp smtps urd # Submission over TLS [RFC8314]
saft\t\t487/tcp\t\t\t# Simple Asynchronous File Transfer
isakmp\t\t500/udp\t\t\t# IPSEC key management
rtsp\t\t554/tcp\t\t\t# Real Time Stream Control Protocol
rtsp\t\t554/udp
nqs\t\t607/tcp\t\t\t\t# Network Queuing system
asf-rmcp\t623/udp\t\t# ASF Remote Management and Control Protocol
qmqp\t\t628/tcp
ipp\t\t631/tcp\t\t\t\t# Internet Printing Protocol
ldp\t\t646/tcp\t\t\t\t# Label Distribution Protocol
ldp\t\t646/udp
#
# UNIX specific services
#
exec\t\t512/tcp
biff\t\t512/udp\t\tcomsat
login\t\t513/tcp
who\t\t513/udp\t\twhod
shell\t\t514/tcp\t\tcmd syslog\t# no passwords used
syslog\t\t514/udp
printer\t\t515/tcp\t\tspooler\t\t# line printer spooler
talk\t\t517/udp
ntalk\t\t518/udp
route\t\t520/udp\t\trouter routed\t# RIP
gdomap\t\t538/tcp\t\t\t\t# GNUstep distributed objects
gdomap\t\t538/udp
uucp\t\t540/tcp\t\tuucpd\t\t# uucp daemon
klogin\t\t543/tcp\t\t\t\t# Kerberized \`rlogin' (v5)
kshell\t\t544/tcp\t\tkrcmd\t\t# Kerberized \`rsh' (v5)
dhcpv6-client\t546/udp
dhcpv6-server\t547/udp
afpovertcp\t548/tcp\t\t\t\t# AFP over TCP
nntps\t\t563/tcp\t\tsnntp\t\t# NNTP over SSL
submission\t587/tcp\t\t\t\t# Submission [RFC4409]
ldaps\t\t636/tcp\t\t\t\t# LDAP over SSL
ldaps\t\t636/udp
tinc\t\t655/tcp\t\t\t\t# tinc control port
tinc\t\t655/udp
silc\t\t706/tcp
kerberos-adm\t749/tcp\t\t\t\t# Kerberos \`kadmin' (v5)
domain-s\t853/tcp\t\t\t\t# DNS over TLS [RFC7858]
domain-s\t853/udp\t\t\t\t# DNS over DTLS [RFC8094]
rsync\t\t873/tcp
ftps-data\t989/tcp\t\t\t\t# FTP over SSL (data)
ftps\t\t990/tcp
telnets\t\t992/tcp\t\t\t\t# Telnet over SSL
imaps\t\t993/tcp\t\t\t\t# IMAP over SSL
pop3s\t\t995/tcp\t\t\t\t# POP-3 over SSL
#
# From \`\`Assigned Numbers'':
#
socks\t\t1080/tcp\t\t\t# socks proxy server
proofd\t\t1093/tcp
rootd\t\t1094/tcp
openvpn\t\t1194/tcp
openvpn\t\t1194/udp
rmiregistry\t1099/tcp\t\t\t# Java RMI Registry
lotusnote\t1352/tcp\t\tlotusnotes\t# Lotus Note
ms-sql-s\t1433/tcp\t\t\t\t# Microsoft SQL Server
ms-sql-m\t1434/udp\t\t\t\t# Microsoft SQL Monitor
ingreslock\t1524/tcp
datametrics\t1645/tcp\t\told-radius
datametrics\t1645/udp\t\told-radius
sa-msg-port\t1646/tcp\t\told-radacct
sa-msg-port\t1646/udp\t\told-radacct
kermit\t\t1649/tcp
groupwise\t1677/tcp
l2f\t\t1701/udp\t\tl2tp
radius\t\t1812/tcp
radius\t\t1812/udp
radius-acct\t1813/tcp\t\tradacct\t\t# Radius Accounting
radius-acct\t1813/udp\t\tradacct
cisco-sccp\t2000/tcp\t\t\t# Cisco SCCP
nfs\t\t2049/tcp\t\t\t# Network File System
nfs\t\t2049/udp\t\t\t# Network File System
gnunet\t\t2086/tcp
gnunet\t\t2086/udp
rtcm-sc104\t2101/tcp\t\t\t# RTCM SC-104 IANA 1/29/99
rtcm-sc104\t2101/udp
gsigatekeeper\t2119/tcp
gris\t\t2135/tcp\t\t# Grid Resource Information Server
cvspserver\t2401/tcp\t\t\t# CVS client/server operations
venus\t\t2430/tcp\t\t\t# codacon port
venus\t\t2430/udp\t\t\t# Venus callback/wbc interface
venus-se\t2431/tcp\t\t\t# tcp side effects
venus-se\t2431/udp\t\t\t# udp sftp side effect
codasrv\t\t2432/tcp\t\t\t# not used
codasrv\t\t2432/udp\t\t\t# server port
codasrv-se\t2433/tcp\t\t\t# tcp side effects
codasrv-se\t2433/udp\t\t\t# udp sftp side effect
mon\t\t2583/tcp\t\t\t# MON traps
mon\t\t2583/udp
dict\t\t2628/tcp\t\t\t# Dictionary server
f5-globalsite\t2792/tcp
gsiftp\t\t2811/tcp
gpsd\t\t2947/tcp
gds-db\t\t3050/tcp\t\tgds_db\t\t# InterBase server
icpv2\t\t3130/udp\t\ticp\t\t# Internet Cache Protocol
isns\t\t3205/tcp\t\t\t# iSNS Server Port
isns\t\t3205/udp\t\t\t# iSNS Server Port
iscsi-target\t3260/tcp
mysql\t\t3306/tcp
ms-wbt-server\t3389/tcp
nut\t\t3493/tcp\t\t\t# Network UPS Tools
nut\t\t3493/udp
distcc\t\t3632/tcp\t\t\t# distributed compiler
daap\t\t3689/tcp\t\t\t# Digital Audio Access Protocol
svn\t\t3690/tcp\t\tsubversion\t# Subversion protocol
suucp\t\t4031/tcp\t\t\t# UUCP over SSL
sysrqd\t\t4094/tcp\t\t\t# sysrq daemon
sieve\t\t4190/tcp\t\t\t# ManageSieve Protocol
epmd\t\t4369/tcp\t\t\t# Erlang Port Mapper Daemon
remctl\t\t4373/tcp\t\t# Remote Authenticated Command Service
f5-iquery\t4353/tcp\t\t\t# F5 iQuery
ntske\t\t4460/tcp\t# Network Time Security Key Establishment
ipsec-nat-t\t4500/udp\t\t\t# IPsec NAT-Traversal [RFC3947]
iax\t\t4569/udp\t\t\t# Inter-Asterisk eXchange
mtn\t\t4691/tcp\t\t\t# monotone Netsync Protocol
radmin-port\t4899/tcp\t\t\t# RAdmin Port
sip\t\t5060/tcp\t\t\t# Session Initiation Protocol
sip\t\t5060/udp
sip-tls\t\t5061/tcp
sip-tls\t\t5061/udp
xmpp-client\t5222/tcp\t\tjabber-client\t# Jabber Client Connection
xmpp-server\t5269/tcp\t\tjabber-server\t# Jabber Server Connection
cfengine\t5308/tcp
mdns\t\t5353/udp\t\t\t# Multicast DNS
postgresql\t5432/tcp\t\tpostgres\t# PostgreSQL Database
freeciv\t\t5556/tcp\t\trptp\t\t# Freeciv gameplay
amqps\t\t5671/tcp\t\t\t# AMQP protocol over TLS/SSL
amqp\t\t5672/tcp
amqp\t\t5672/sctp
x11\t\t6000/tcp\t\tx11-0\t\t# X Window System
x11-1\t\t6001/tcp
x11-2\t\t6002/tcp
x11-3\t\t6003/tcp
x11-4\t\t6004/tcp
x11-5\t\t6005/tcp
x11-6\t\t6006/tcp
x11-7\t\t6007/tcp
gnutella-svc\t6346/tcp\t\t\t# gnutella
gnutella-svc\t6346/udp
gnutella-rtr\t6347/tcp\t\t\t# gnutella
gnutella-rtr\t6347/udp
redis\t\t6379/tcp
sge-qmaster\t6444/tcp\t\tsge_qmaster\t# Grid Engine Qmaster Service
sge-execd\t6445/tcp\t\tsge_execd\t# Grid Engine Execution Service
mysql-proxy\t6446/tcp\t\t\t# MySQL Proxy
babel\t\t6696/udp\t\t\t# Babel Routing Protocol
ircs-u\t\t6697/tcp\t\t# Internet Relay Chat via TLS/SSL
bbs\t\t7000/tcp
afs3-fileserver 7000/udp
afs3-callback\t7001/udp\t\t\t# callbacks to cache managers
afs3-prserver\t7002/udp\t\t\t# users & groups database
afs3-vlserver\t7003/udp\t\t\t# volume location database
afs3-kaserver\t7004/udp\t\t\t# AFS/Kerberos authentication
afs3-volser\t7005/udp\t\t\t# volume managment server
afs3-bos\t7007/udp\t\t\t# basic overseer process
afs3-update\t7008/udp\t\t\t# server-to-server updater
afs3-rmtsys\t7009/udp\t\t\t# remote cache manager service
font-service\t7100/tcp\t\txfs\t\t# X Font Service
http-alt\t8080/tcp\t\twebcache\t# WWW caching service
puppet\t\t8140/tcp\t\t\t# The Puppet master service
bacula-dir\t9101/tcp\t\t\t# Bacula Director
bacula-fd\t9102/tcp\t\t\t# Bacula File Daemon
bacula-sd\t9103/tcp\t\t\t# Bacula Storage Daemon
xmms2\t\t9667/tcp\t# Cross-platform Music Multiplexing System
nbd\t\t10809/tcp\t\t\t# Linux Network Block Device
zabbix-agent\t10050/tcp\t\t\t# Zabbix Agent
zabbix-trapper\t10051/tcp\t\t\t# Zabbix Trapper
amanda\t\t10080/tcp\t\t\t# amanda backup services
dicom\t\t11112/tcp
hkp\t\t11371/tcp\t\t\t# OpenPGP HTTP Keyserver
db-lsp\t\t17500/tcp\t\t\t# Dropbox LanSync Protocol
dcap\t\t22125/tcp\t\t\t# dCache Access Protocol
gsidcap\t\t22128/tcp\t\t\t# GSI dCache Access Protocol
wnn6\t\t22273/tcp\t\t\t# wnn6
`;

const PROTOCOLS = `# Internet (IP) protocols
#
# Updated from http://www.iana.org/assignments/protocol-numbers and other
# sources.
# New protocols will be added on request if they have been officially
# assigned by IANA and are not historical.
# If you need a huge list of used numbers please install the nmap package.

ip\t0\tIP\t\t# internet protocol, pseudo protocol number
hopopt\t0\tHOPOPT\t\t# IPv6 Hop-by-Hop Option [RFC1883]
icmp\t1\tICMP\t\t# internet control message protocol
igmp\t2\tIGMP\t\t# Internet Group Management
ggp\t3\tGGP\t\t# gateway-gateway protocol
ipencap\t4\tIP-ENCAP\t# IP encapsulated in IP (officially \`\`IP'')
st\t5\tST\t\t# ST datagram mode
tcp\t6\tTCP\t\t# transmission control protocol
egp\t8\tEGP\t\t# exterior gateway protocol
igp\t9\tIGP\t\t# any private interior gateway (Cisco)
pup\t12\tPUP\t\t# PARC universal packet protocol
udp\t17\tUDP\t\t# user datagram protocol
hmp\t20\tHMP\t\t# host monitoring protocol
xns-idp\t22\tXNS-IDP\t\t# Xerox NS IDP
rdp\t27\tRDP\t\t# "reliable datagram" protocol
iso-tp4\t29\tISO-TP4\t\t# ISO Transport Protocol class 4 [RFC905]
dccp\t33\tDCCP\t\t# Datagram Congestion Control Prot. [RFC4340]
xtp\t36\tXTP\t\t# Xpress Transfer Protocol
ddp\t37\tDDP\t\t# Datagram Delivery Protocol
idpr-cmtp 38\tIDPR-CMTP\t# IDPR Control Message Transport
ipv6\t41\tIPv6\t\t# Internet Protocol, version 6
ipv6-route 43\tIPv6-Route\t# Routing Header for IPv6
ipv6-frag 44\tIPv6-Frag\t# Fragment Header for IPv6
idrp\t45\tIDRP\t\t# Inter-Domain Routing Protocol
rsvp\t46\tRSVP\t\t# Reservation Protocol
gre\t47\tGRE\t\t# General Routing Encapsulation
esp\t50\tIPSEC-ESP\t# Encap Security Payload [RFC2406]
ah\t51\tIPSEC-AH\t# Authentication Header [RFC2402]
skip\t57\tSKIP\t\t# SKIP
ipv6-icmp 58\tIPv6-ICMP\t# ICMP for IPv6
ipv6-nonxt 59\tIPv6-NoNxt\t# No Next Header for IPv6
ipv6-opts 60\tIPv6-Opts\t# Destination Options for IPv6
rspf\t73\tRSPF CPHB\t# Radio Shortest Path First (officially CPHB)
vmtp\t81\tVMTP\t\t# Versatile Message Transport
eigrp\t88\tEIGRP\t\t# Enhanced Interior Routing Protocol (Cisco)
ospf\t89\tOSPFIGP\t\t# Open Shortest Path First IGP
ax.25\t93\tAX.25\t\t# AX.25 frames
ipip\t94\tIPIP\t\t# IP-within-IP Encapsulation Protocol
etherip\t97\tETHERIP\t\t# Ethernet-within-IP Encapsulation [RFC3378]
encap\t98\tENCAP\t\t# Yet Another IP encapsulation [RFC1241]
#\t99\t\t\t# any private encryption scheme
pim\t103\tPIM\t\t# Protocol Independent Multicast
ipcomp\t108\tIPCOMP\t\t# IP Payload Compression Protocol
vrrp\t112\tVRRP\t\t# Virtual Router Redundancy Protocol [RFC5798]
l2tp\t115\tL2TP\t\t# Layer Two Tunneling Protocol [RFC2661]
isis\t124\tISIS\t\t# IS-IS over IPv4
sctp\t132\tSCTP\t\t# Stream Control Transmission Protocol
fc\t133\tFC\t\t# Fibre Channel
mobility-header 135 Mobility-Header # Mobility Support for IPv6 [RFC3775]
udplite\t136\tUDPLite\t\t# UDP-Lite [RFC3828]
mpls-in-ip 137\tMPLS-in-IP\t# MPLS-in-IP [RFC4023]
manet\t138\t\t\t# MANET Protocols [RFC5498]
hip\t139\tHIP\t\t# Host Identity Protocol
shim6\t140\tShim6\t\t# Shim6 Protocol [RFC5533]
wesp\t141\tWESP\t\t# Wrapped Encapsulating Security Payload
rohc\t142\tROHC\t\t# Robust Header Compression
ethernet 143\tEthernet\t# Ethernet encapsulation for SRv6 [RFC8986]
mptcp\t262\tMPTCP\t\t# Multipath TCP connection
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

const NSSWITCH = `# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the \`glibc-doc-reference' and \`info' packages installed, try:
# \`info libc "Name Service Switch"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
`;

/** mode, device number, path, contents (file data or symlink target) */
export type InitramfsEntry = [mode: number, dev: number, path: string, data?: string];

export const INITRAMFS: InitramfsEntry[] = [
  [S_IFDIR | 0o755, 0, "/bin"],
  [S_IFDIR | 0o755, 0, "/dev"],
  [S_IFDIR | 0o1777, 0, "/dev/shm"],
  [S_IFCHR | 0o666, dev(1, 3), "/dev/null"],
  [S_IFCHR | 0o666, dev(1, 5), "/dev/zero"],
  [S_IFCHR | 0o666, dev(1, 7), "/dev/full"],
  [S_IFCHR | 0o666, dev(1, 8), "/dev/random"],
  [S_IFCHR | 0o666, dev(1, 9), "/dev/urandom"],
  [S_IFCHR | 0o666, dev(5, 0), "/dev/tty"],
  [S_IFDIR | 0o755, 0, "/etc"],
  [S_IFREG | 0o644, 0, "/etc/hostname", "int80\n"],
  [S_IFREG | 0o644, 0, "/etc/hosts", HOSTS],
  [S_IFREG | 0o644, 0, "/etc/services", SERVICES],
  [S_IFREG | 0o644, 0, "/etc/protocols", PROTOCOLS],
  [S_IFREG | 0o644, 0, "/etc/passwd", PASSWD],
  [S_IFREG | 0o644, 0, "/etc/group", GROUP],
  [S_IFREG | 0o644, 0, "/etc/nsswitch.conf", NSSWITCH],
  [S_IFREG | 0o644, 0, "/etc/host.conf", "multi on\n"],
  [S_IFDIR | 0o755, 0, "/home"],
  [S_IFDIR | 0o700, 0, "/root"],
  [S_IFDIR | 0o755, 0, "/run"],
  [S_IFDIR | 0o1777, 0, "/tmp"],
  [S_IFDIR | 0o755, 0, "/usr"],
  [S_IFDIR | 0o755, 0, "/var"],
  [S_IFDIR | 0o1777, 0, "/var/tmp"],
];

interface InitramfsKernel {
  memory: WebAssembly.Memory;
  initramfs_buf(): number;
  initramfs_entry(mode: number, dev: number, pathlen: number, datalen: number): number;
}

/** Unpack the entries into the kernel's root file system; returns the first error, or 0. */
export function populateRootfs(kernel: InitramfsKernel, entries: InitramfsEntry[] = INITRAMFS): number {
  const enc = new TextEncoder();
  const buf = kernel.initramfs_buf();
  for (const [mode, devno, path, data = ""] of entries) {
    const p = enc.encode(path), d = enc.encode(data);
    const mem = new Uint8Array(kernel.memory.buffer);
    mem.set(p, buf);
    mem.set(d, buf + p.length);
    const err = kernel.initramfs_entry(mode, devno, p.length, d.length);
    if (err < 0) return err;
  }
  return 0;
}
