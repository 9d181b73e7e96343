/* /proc/net/dev and /proc/net/route on a machine whose only device is lo (recorded in a
 * network namespace with lo alone, where no packet has been sent yet), as net-tools'
 * ifconfig/netstat -i and route read them. */
#include <stdio.h>

static void cat(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) { perror(path); return; }
	printf("== %s\n", path);
	char line[512];
	while (fgets(line, sizeof line, f)) fputs(line, stdout);
	fclose(f);
}

int main(void)
{
	cat("/proc/net/dev");
	cat("/proc/net/route");
	return 0;
}
