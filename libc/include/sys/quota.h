/* int80 <sys/quota.h>: quotactl(2) (nr 131) and include/uapi/linux/quota.h's commands
 * and structs. int80's tmpfs has no quotas: the call traps and the kernel answers. */
#ifndef _SYS_QUOTA_H
#define _SYS_QUOTA_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _LINUX_QUOTA_VERSION 2
#define MAXQUOTAS 3
#define USRQUOTA  0
#define GRPQUOTA  1
#define PRJQUOTA  2

#define SUBCMDMASK  0x00ff
#define SUBCMDSHIFT 8
#define QCMD(cmd, type) (((cmd) << SUBCMDSHIFT) | ((type) & SUBCMDMASK))

#define Q_SYNC     0x800001
#define Q_QUOTAON  0x800002
#define Q_QUOTAOFF 0x800003
#define Q_GETFMT   0x800004
#define Q_GETINFO  0x800005
#define Q_SETINFO  0x800006
#define Q_GETQUOTA 0x800007
#define Q_SETQUOTA 0x800008
#define Q_GETNEXTQUOTA 0x800009

#define QFMT_VFS_OLD 1
#define QFMT_VFS_V0  2
#define QFMT_OCFS2   3
#define QFMT_VFS_V1  4

#define QIF_BLIMITS 1
#define QIF_SPACE   2
#define QIF_ILIMITS 4
#define QIF_INODES  8
#define QIF_BTIME   16
#define QIF_ITIME   32
#define QIF_LIMITS  (QIF_BLIMITS | QIF_ILIMITS)
#define QIF_USAGE   (QIF_SPACE | QIF_INODES)
#define QIF_TIMES   (QIF_BTIME | QIF_ITIME)
#define QIF_ALL     (QIF_LIMITS | QIF_USAGE | QIF_TIMES)

struct dqblk {
	uint64_t dqb_bhardlimit;
	uint64_t dqb_bsoftlimit;
	uint64_t dqb_curspace;
	uint64_t dqb_ihardlimit;
	uint64_t dqb_isoftlimit;
	uint64_t dqb_curinodes;
	uint64_t dqb_btime;
	uint64_t dqb_itime;
	uint32_t dqb_valid;
};

#define IIF_BGRACE 1
#define IIF_IGRACE 2
#define IIF_FLAGS  4
#define IIF_ALL    (IIF_BGRACE | IIF_IGRACE | IIF_FLAGS)

struct dqinfo {
	uint64_t dqi_bgrace;
	uint64_t dqi_igrace;
	uint32_t dqi_flags;
	uint32_t dqi_valid;
};

int quotactl(int, const char *, int, char *);

#ifdef __cplusplus
}
#endif
#endif
