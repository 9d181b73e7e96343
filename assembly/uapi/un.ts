// include/uapi/linux/un.h: struct sockaddr_un { u16 sun_family; char sun_path[108]; }
export const SUN_FAMILY = 0;
export const SUN_PATH = 2;
export const UNIX_PATH_MAX = 108;
/** sizeof(struct sockaddr_un) */
export const SOCKADDR_UN_SIZE = 110;
