/* int80 <linux/btrfs.h>: the part of include/uapi/linux/btrfs.h that programs use to ask
 * a file system about itself (BTRFS_IOC_FS_INFO). int80's tmpfs is not btrfs: the ioctl
 * is ENOTTY, as on any other file system. */
#ifndef _LINUX_BTRFS_H
#define _LINUX_BTRFS_H

#include <linux/types.h>
#include <sys/ioctl.h>

#define BTRFS_IOCTL_MAGIC 0x94
#define BTRFS_VOL_NAME_MAX 255
#define BTRFS_LABEL_SIZE 256
#define BTRFS_PATH_NAME_MAX 4087
#define BTRFS_UUID_SIZE 16
#define BTRFS_FSID_SIZE 16
#define BTRFS_UUID_UNPARSED_SIZE 37

#define BTRFS_FS_INFO_FLAG_CSUM_INFO 1
#define BTRFS_FS_INFO_FLAG_GENERATION 2
#define BTRFS_FS_INFO_FLAG_METADATA_UUID 4

struct btrfs_ioctl_fs_info_args {
	__u64 max_id;
	__u64 num_devices;
	__u8 fsid[BTRFS_FSID_SIZE];
	__u32 nodesize;
	__u32 sectorsize;
	__u32 clone_alignment;
	__u16 csum_type;
	__u16 csum_size;
	__u64 flags;
	__u64 generation;
	__u8 metadata_uuid[BTRFS_FSID_SIZE];
	__u8 reserved[944];
};

#define BTRFS_IOC_FS_INFO _IOR(BTRFS_IOCTL_MAGIC, 31, struct btrfs_ioctl_fs_info_args)
#define BTRFS_IOC_GET_FEATURES _IOR(BTRFS_IOCTL_MAGIC, 57, struct btrfs_ioctl_feature_flags)

struct btrfs_ioctl_feature_flags {
	__u64 compat_flags;
	__u64 compat_ro_flags;
	__u64 incompat_flags;
};
#endif
